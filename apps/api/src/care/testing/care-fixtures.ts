import type { INestApplication } from '@nestjs/common';
import { localDateOf } from '@lantern/care-rules';
import { PURPOSES } from '@lantern/governance';
import request from 'supertest';
import { district, enrolment, school, student } from '../../access/testing/k12-fixtures';
import { inForceForAYear } from '../../access/testing/agreement-fixtures';

const DAY = 86_400_000;

/** The agency that issues flags in the tests, and the partner that runs the hub's state education side. */
export const SHERIFF = 'county-sheriff';

/** Districts with one or two schools: one with a Handle with Care agreement, one with none, one whose agreement lapses. */
export const CARE_DISTRICT = { districtId: 255950, schoolIds: [255950001, 255950002] } as const;
export const NO_AGREEMENT_DISTRICT = { districtId: 255960, schoolId: 255960001 } as const;
export const LAPSED_DISTRICT = { districtId: 255970, schoolId: 255970001 } as const;

/** Children as the schools know them, with the names and birth dates the agency's flags carry. */
export const CHILDREN = {
  transferred: { studentUniqueId: 'CARE-1001', firstName: 'Mateo', lastSurname: 'Alvarez', birthDate: '2013-02-11' },
  twinAva: { studentUniqueId: 'CARE-1002', firstName: 'Ava', lastSurname: 'Lindqvist', birthDate: '2015-09-30' },
  twinElla: { studentUniqueId: 'CARE-1003', firstName: 'Ella', lastSurname: 'Lindqvist', birthDate: '2015-09-30' },
  noAgreement: { studentUniqueId: 'CARE-1004', firstName: 'Noah', lastSurname: 'Okonkwo', birthDate: '2012-04-17' },
  lapsed: { studentUniqueId: 'CARE-1005', firstName: 'Priya', lastSurname: 'Raman', birthDate: '2014-12-03' },
  unenrolled: { studentUniqueId: 'CARE-1006', firstName: 'Jonas', lastSurname: 'Weber', birthDate: '2011-06-22' },
  revoked: { studentUniqueId: 'CARE-1007', firstName: 'Amara', lastSurname: 'Diallo', birthDate: '2016-01-09' },
  viaKafka: { studentUniqueId: 'CARE-1008', firstName: 'Lucas', lastSurname: 'Moreau', birthDate: '2013-08-25' },
} as const;

/** Further ingest batches for storeK12Fixture: the care districts, schools, children and enrolments (one a transfer). */
export function careFixtureBatches() {
  const [firstSchool, secondSchool] = CARE_DISTRICT.schoolIds;
  const { transferred, twinAva, twinElla, noAgreement, lapsed, unenrolled, revoked, viaKafka } = CHILDREN;
  const studentOf = ({ studentUniqueId, ...person }: (typeof CHILDREN)[keyof typeof CHILDREN]) => student(studentUniqueId, person);
  return [
    [district(CARE_DISTRICT.districtId), district(NO_AGREEMENT_DISTRICT.districtId), district(LAPSED_DISTRICT.districtId)],
    [
      school(firstSchool, CARE_DISTRICT.districtId),
      school(secondSchool, CARE_DISTRICT.districtId),
      school(NO_AGREEMENT_DISTRICT.schoolId, NO_AGREEMENT_DISTRICT.districtId),
      school(LAPSED_DISTRICT.schoolId, LAPSED_DISTRICT.districtId),
    ],
    Object.values(CHILDREN).map(studentOf),
    [
      // Mateo left the first school last week and is enrolled at the second.
      enrolment(transferred.studentUniqueId, firstSchool, { entryDate: '2026-08-19', exitWithdrawDate: localDay(-7) }),
      enrolment(transferred.studentUniqueId, secondSchool, { entryDate: localDay(-6) }),
      enrolment(twinAva.studentUniqueId, firstSchool),
      enrolment(twinElla.studentUniqueId, firstSchool),
      enrolment(noAgreement.studentUniqueId, NO_AGREEMENT_DISTRICT.schoolId),
      enrolment(lapsed.studentUniqueId, LAPSED_DISTRICT.schoolId),
      enrolment(revoked.studentUniqueId, firstSchool),
      enrolment(viaKafka.studentUniqueId, secondSchool),
      // Jonas was enrolled, but left before today.
      enrolment(unenrolled.studentUniqueId, firstSchool, { exitWithdrawDate: localDay(-30) }),
    ],
  ];
}

/** Terms letting the agency tell the recipients' schools, with the agency's type, in force from yesterday for a year. */
export function handleWithCareTerms(recipients: readonly string[], overrides: Record<string, unknown> = {}) {
  return {
    title: 'Handle with Care notices from the county sheriff',
    parties: [{ organizationId: SHERIFF, roles: ['contributor'] }, ...recipients.map((organizationId) => ({ organizationId, roles: ['recipient'] }))],
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
    ...inForceForAYear(),
    ...overrides,
  };
}

/** Drafts the terms as a steward and records the agency's approval, the one contributor. */
export async function registerHandleWithCareAgreement(app: INestApplication, steward: string, terms: object): Promise<string> {
  const http = request(app.getHttpServer());
  const { body } = await http.post('/agreements').set('Authorization', steward).send(terms).expect(201);
  await http.post(`/agreements/${body.id}/versions/1/approvals`).set('Authorization', steward).send({ organizationId: SHERIFF }).expect(201);
  return body.id as string;
}

/** A flag for a child, as the sheriff's system sends it. */
export function flagFor(child: { firstName: string; lastSurname: string; birthDate: string }, flagId: string, overrides: Record<string, unknown> = {}) {
  return {
    agency: { agencyId: SHERIFF },
    flagId,
    agencyType: 'law-enforcement',
    person: { localPersonId: `CS-${flagId}`, firstName: child.firstName, lastSurname: child.lastSurname, birthDate: child.birthDate },
    eventDate: localDay(0),
    ...overrides,
  };
}

/** YYYY-MM-DD in the hub's time zone, `offset` days from today. */
export function localDay(offset: number): string {
  return localDateOf(new Date(Date.now() + offset * DAY));
}
