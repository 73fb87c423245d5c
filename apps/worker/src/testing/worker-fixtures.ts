import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { localDateOf } from '@lantern/care-rules';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { parseAgreementTerms, PURPOSES } from '@lantern/governance';
import { createIngestPipeline, type HubTopics } from '@lantern/ingest';
import type { HubProducer } from '@lantern/kafka';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

const registry = ContractRegistry.default();
const DAY = 86_400_000;

export const AGENCY = 'county-sheriff';
export const DISTRICT_ID = 255980;
export const SCHOOL_ID = 255980001;

/** Children as the school knows them, with the names and birth dates the agency's flags carry. */
export const CHILDREN = {
  viaKafka: { studentUniqueId: 'WK-1001', firstName: 'Lucas', lastSurname: 'Moreau', birthDate: '2013-08-25' },
  atShutdown: { studentUniqueId: 'WK-1002', firstName: 'Amara', lastSurname: 'Diallo', birthDate: '2016-01-09' },
  quietTopic: { studentUniqueId: 'WK-1003', firstName: 'Teodora', lastSurname: 'Vukovic', birthDate: '2014-11-30' },
} as const;

function envelope(contract: string, record: Record<string, unknown>): Envelope {
  return { contract, contractVersion: registry.contract(contract).version, operation: 'upsert', sourceSystem: 'state-directory', eventTime: '2026-08-20T08:00:00Z', record } as Envelope;
}

export const student = (studentUniqueId: string, person: { firstName: string; lastSurname: string; birthDate: string }) => envelope('edfi.student', { studentUniqueId, ...person });

/** The district, its school and the children enrolled there, in batches referenced records first. */
export function schoolBatches(): Envelope[][] {
  return [
    [
      envelope('edfi.localEducationAgency', {
        localEducationAgencyId: DISTRICT_ID,
        nameOfInstitution: `District ${DISTRICT_ID}`,
        categories: [{ educationOrganizationCategoryDescriptor: 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#Local Education Agency' }],
        localEducationAgencyCategoryDescriptor: 'uri://ed-fi.org/LocalEducationAgencyCategoryDescriptor#Independent',
      }),
    ],
    [
      envelope('edfi.school', {
        schoolId: SCHOOL_ID,
        nameOfInstitution: `School ${SCHOOL_ID}`,
        educationOrganizationCategories: [{ educationOrganizationCategoryDescriptor: 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School' }],
        gradeLevels: [{ gradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Sixth grade' }],
        localEducationAgencyReference: { localEducationAgencyId: DISTRICT_ID },
      }),
    ],
    Object.values(CHILDREN).map(({ studentUniqueId, ...person }) => student(studentUniqueId, person)),
    Object.values(CHILDREN).map(({ studentUniqueId }) =>
      envelope('edfi.studentSchoolAssociation', {
        studentReference: { studentUniqueId },
        schoolReference: { schoolId: SCHOOL_ID },
        entryDate: '2026-08-19',
        entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Sixth grade',
      }),
    ),
  ];
}

let offset = 0;

/** Stores batches through the ingest pipeline, as the ingest service does; its identity events stay in the outbox. */
export async function ingest(dataSource: DataSource, topics: HubTopics, producer: HubProducer, batches: readonly Envelope[][], logger: Logger): Promise<void> {
  const { processor } = createIngestPipeline({ dataSource, registry, topics, producer, maxMessageBytes: 65536, logger });
  for (const batch of batches) {
    const outcome = await processor.process(
      batch.map((message) => ({ topic: topics.topicFor(message.contract), partition: 0, offset: String(offset++), key: null, headers: {}, value: Buffer.from(JSON.stringify(message)) })),
    );
    if (outcome.stored !== batch.length) throw new Error(`fixture batch stored ${outcome.stored} of ${batch.length}: ${JSON.stringify(outcome)}`);
  }
}

/** A handle-with-care agreement letting the agency tell the district's schools, in force from yesterday for a year. */
export async function registerHandleWithCareAgreement(dataSource: DataSource): Promise<void> {
  const agreements = new AgreementRegistry(dataSource, new AuditLog(dataSource));
  const terms = parseAgreementTerms({
    title: 'Handle with Care notices from the county sheriff',
    parties: [
      { organizationId: AGENCY, roles: ['contributor'] },
      { organizationId: String(DISTRICT_ID), roles: ['recipient'] },
    ],
    purpose: { code: PURPOSES.handleWithCare, description: 'Tell a school, before the next school day, that a child may need extra care' },
    legalBases: [{ kind: 'state-statute', citation: 'W. Va. Code 49-5-101' }],
    elements: ['studentUniqueId', 'firstName', 'lastSurname'].map((element) => ({ domain: 'edfi.student', element, granularity: 'as-recorded' })),
    population: { kind: 'enrolled-at-recipient' },
    linkagePermitted: false,
    outputRules: { dataLevel: 'record', minimumCellSize: 1, k: 1 },
    effectiveDate: new Date(Date.now() - DAY).toISOString(),
    expiresAt: new Date(Date.now() + 365 * DAY).toISOString(),
    destroyBy: new Date(Date.now() + 455 * DAY).toISOString(),
  });
  const agreement = await agreements.draft(terms, 'worker-test');
  await agreements.approve(agreement.id, 1, AGENCY, 'worker-test');
}

/** A flag for a child, as the sheriff's system sends it. */
export function flagFor(child: { firstName: string; lastSurname: string; birthDate: string }, flagId: string) {
  return {
    agency: { agencyId: AGENCY },
    flagId,
    agencyType: 'law-enforcement',
    person: { localPersonId: `CS-${flagId}`, firstName: child.firstName, lastSurname: child.lastSurname, birthDate: child.birthDate },
    eventDate: localDateOf(new Date()),
  };
}

/** The flag as an envelope on the agencies' Kafka topic. */
export function flagEnvelope(flag: ReturnType<typeof flagFor>): Envelope {
  return {
    contract: 'partner.careFlag',
    contractVersion: registry.contract('partner.careFlag').version,
    operation: 'upsert',
    sourceSystem: 'county-sheriff.cad',
    eventTime: new Date().toISOString(),
    record: flag,
  } as Envelope;
}
