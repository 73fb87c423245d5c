import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { createIngestPipeline, HubTopics } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { testKafka } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';

const registry = ContractRegistry.default();
const logger = createJsonLogger('access-fixtures', 'warn');

/** Two districts with one school each, as the access tests use them. */
export const GRAND_BEND = { districtId: 255901, schoolId: 255901001 } as const;
export const RIVERSIDE = { districtId: 255902, schoolId: 255902001 } as const;

/** Students: one enrolled in each school, one no school has (no enrolment). */
export const STUDENTS = { grandBend: 'GB-1001', riverside: 'RS-2001', unenrolled: 'UN-3001', nonexistent: 'NO-9999' } as const;

export function envelope(contract: string, record: Record<string, unknown>): Envelope {
  return { contract, contractVersion: registry.contract(contract).version, operation: 'upsert', sourceSystem: 'state-directory', eventTime: '2026-08-20T08:00:00Z', record } as Envelope;
}

export const district = (localEducationAgencyId: number) =>
  envelope('edfi.localEducationAgency', {
    localEducationAgencyId,
    nameOfInstitution: `District ${localEducationAgencyId}`,
    categories: [{ educationOrganizationCategoryDescriptor: 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#Local Education Agency' }],
    localEducationAgencyCategoryDescriptor: 'uri://ed-fi.org/LocalEducationAgencyCategoryDescriptor#Independent',
  });
export const school = (schoolId: number, localEducationAgencyId: number) =>
  envelope('edfi.school', {
    schoolId,
    nameOfInstitution: `School ${schoolId}`,
    educationOrganizationCategories: [{ educationOrganizationCategoryDescriptor: 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School' }],
    gradeLevels: [{ gradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Sixth grade' }],
    localEducationAgencyReference: { localEducationAgencyId },
  });
/** Different children look different: the identity service must not link them (one SID each). */
export const PEOPLE: Record<string, { firstName: string; lastSurname: string; birthDate: string }> = {
  [STUDENTS.grandBend]: { firstName: 'Amara', lastSurname: 'Okonkwo', birthDate: '2014-05-06' },
  [STUDENTS.riverside]: { firstName: 'Tomas', lastSurname: 'Lindqvist', birthDate: '2013-11-21' },
  [STUDENTS.unenrolled]: { firstName: 'Priya', lastSurname: 'Castellanos', birthDate: '2015-02-09' },
};
export const student = (studentUniqueId: string, person: { firstName?: string; lastSurname?: string; birthDate?: string } = {}) =>
  envelope('edfi.student', { studentUniqueId, ...(PEOPLE[studentUniqueId] ?? { firstName: 'Test', lastSurname: `Student ${studentUniqueId}`, birthDate: '2014-05-06' }), ...person });
export const enrolment = (studentUniqueId: string, schoolId: number, dates: { entryDate?: string; exitWithdrawDate?: string } = {}) =>
  envelope('edfi.studentSchoolAssociation', {
    studentReference: { studentUniqueId },
    schoolReference: { schoolId },
    entryDate: '2026-08-19',
    entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Sixth grade',
    ...dates,
  });

/**
 * Stores the fixture's districts, schools, students and enrolments, then any further batches a
 * test adds, through the ingest pipeline (its own tests cover the Kafka consumer), referenced
 * records first so nothing is parked.
 */
export async function storeK12Fixture(dataSource: DataSource, topicPrefix: string, furtherBatches: readonly Envelope[][] = []): Promise<void> {
  const topics = new HubTopics(registry, topicPrefix);
  const kafka = createKafka(testKafka(), 'access-fixtures', logger);
  await ensureTopics(kafka, topics.all());
  const producer = await connectProducer(kafka);
  try {
    const processor = createIngestPipeline({ dataSource, registry, topics, producer, maxMessageBytes: 65536, logger }).processor;
    const batches = [
      [district(GRAND_BEND.districtId), district(RIVERSIDE.districtId)],
      [school(GRAND_BEND.schoolId, GRAND_BEND.districtId), school(RIVERSIDE.schoolId, RIVERSIDE.districtId)],
      [student(STUDENTS.grandBend), student(STUDENTS.riverside), student(STUDENTS.unenrolled)],
      [enrolment(STUDENTS.grandBend, GRAND_BEND.schoolId), enrolment(STUDENTS.riverside, RIVERSIDE.schoolId)],
      ...furtherBatches,
    ];
    let offset = 0;
    for (const batch of batches) {
      const outcome = await processor.process(
        batch.map((message) => ({
          topic: topics.topicFor(message.contract),
          partition: 0,
          offset: String(offset++),
          key: null,
          headers: {},
          value: Buffer.from(JSON.stringify(message)),
        })),
      );
      if (outcome.stored !== batch.length) {
        const reasons: Array<{ error_path: string; error_message: string }> = await dataSource.query(`SELECT error_path, error_message FROM ingest_reject`);
        throw new Error(`fixture batch stored ${outcome.stored} of ${batch.length} records: ${JSON.stringify(outcome)} ${JSON.stringify(reasons)}`);
      }
    }
  } finally {
    await producer.disconnect();
  }
}
