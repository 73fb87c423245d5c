// What a Handle with Care flag needs to reach a school in the browser tests: a child the hub
// knows (her student record resolved to a SID by the identity service, as ingestion resolves
// it), her current enrolment at Grand Bend High (255901001, district 255901, from the directory
// fixture), and an agreement in force letting the agency (dcfs) tell the district's schools.
import { parseAgreementTerms, PURPOSES } from '@lantern/governance';
import type { DataSource } from 'typeorm';
import { CONSOLE_PEOPLE } from './console-fixture';
import { DISTRICTS, SCHOOLS } from './directory-fixture';
import { agreementInForce, type FixtureEnvelope, inForceSinceYesterday, storeFixtureRecords } from './fixture-store';

const SOURCE = 'grand-bend-sis';

/** The flagged child as her school's system knows her; the agency's flag names her the same way. */
export const CARE_CHILD = { studentUniqueId: 'GB-7731', firstName: 'Marisol', lastSurname: 'Ferreira-Tan', birthDate: '2012-10-03' } as const;

const envelopes = (): FixtureEnvelope[] =>
  [
    ['edfi.student', CARE_CHILD],
    [
      'edfi.studentSchoolAssociation',
      {
        studentReference: { studentUniqueId: CARE_CHILD.studentUniqueId },
        schoolReference: { schoolId: SCHOOLS.grandBendHigh.schoolId },
        entryDate: '2026-08-19',
        entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade',
      },
    ],
  ].map(([contract, record]) => ({ contract: contract as string, operation: 'upsert', sourceSystem: SOURCE, eventTime: '2026-08-20T08:00:00Z', record: record as Record<string, unknown> }));

/** The child's records and SID, and the agency's Handle with Care agreement with her district. Run after the directory is stored. */
export async function storeCareFixture(dataSource: DataSource): Promise<void> {
  await storeFixtureRecords(dataSource, 'care', envelopes());
  const agency = CONSOLE_PEOPLE.agency.organizationId;
  await agreementInForce(
    dataSource,
    parseAgreementTerms({
      title: 'Handle with Care notices from the Department of Children and Family Services',
      parties: [
        { organizationId: agency, roles: ['contributor'] },
        { organizationId: String(DISTRICTS.grandBend.localEducationAgencyId), roles: ['recipient'] },
      ],
      purpose: { code: PURPOSES.handleWithCare, description: 'Tell a school, before the next school day, that a child may need extra care; no reason is given' },
      legalBases: [{ kind: 'state-statute', citation: 'W. Va. Code 49-5-101' }],
      elements: [
        { domain: 'edfi.student', element: 'studentUniqueId', granularity: 'as-recorded' },
        { domain: 'edfi.student', element: 'firstName', granularity: 'as-recorded' },
        { domain: 'edfi.student', element: 'lastSurname', granularity: 'as-recorded' },
        { domain: 'partner.careFlag', element: 'agencyType', granularity: 'as-recorded' },
      ],
      population: { kind: 'enrolled-at-recipient' },
      linkagePermitted: false,
      outputRules: { dataLevel: 'record', minimumCellSize: 1, k: 1 },
      ...inForceSinceYesterday(),
    }),
  );
}
