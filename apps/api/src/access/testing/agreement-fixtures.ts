import type { INestApplication } from '@nestjs/common';
import { PURPOSES } from '@lantern/governance';
import request from 'supertest';

/** The state education agency, contributor to the record-access agreements of the tests. */
export const STATE_EDUCATION = 'sea-state-education';
const DAY = 86_400_000;

/** Agreement dates in force from yesterday for a year, with destruction three months later. */
export function inForceForAYear() {
  return {
    effectiveDate: new Date(Date.now() - DAY).toISOString(),
    expiresAt: new Date(Date.now() + 365 * DAY).toISOString(),
    destroyBy: new Date(Date.now() + 455 * DAY).toISOString(),
  };
}

/** Terms letting the recipients read their enrolled students' ids, names and birth years, in force from yesterday for a year. */
export function enrolledStudentRecordsTerms(recipients: readonly string[], overrides: Record<string, unknown> = {}) {
  return {
    title: 'Longitudinal records of enrolled students for their schools',
    parties: [{ organizationId: STATE_EDUCATION, roles: ['contributor'] }, ...recipients.map((organizationId) => ({ organizationId, roles: ['recipient'] }))],
    purpose: { code: PURPOSES.enrolledStudentRecords, description: 'Instruction and support of the students enrolled with the recipient' },
    legalBases: [{ kind: 'ferpa-school-official' }],
    elements: [
      { domain: 'edfi.student', element: 'studentUniqueId', granularity: 'as-recorded' },
      { domain: 'edfi.student', element: 'firstName', granularity: 'as-recorded' },
      { domain: 'edfi.student', element: 'lastSurname', granularity: 'as-recorded' },
      { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
    ],
    population: { kind: 'enrolled-at-recipient' },
    linkagePermitted: false,
    outputRules: { dataLevel: 'record', minimumCellSize: 1, k: 1 },
    ...inForceForAYear(),
    ...overrides,
  };
}

/** Drafts the terms through the API as a steward and, unless `approved` is false, records the contributor's approval. */
export async function draftAgreement(app: INestApplication, steward: string, terms: object, { approved = true } = {}): Promise<string> {
  const http = request(app.getHttpServer());
  const { body } = await http.post('/agreements').set('Authorization', steward).send(terms).expect(201);
  if (approved) await http.post(`/agreements/${body.id}/versions/1/approvals`).set('Authorization', steward).send({ organizationId: STATE_EDUCATION }).expect(201);
  return body.id as string;
}
