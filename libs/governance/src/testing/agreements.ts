import { requiredApprovers, type Agreement, type AgreementTerms, type CohortCriteria } from '../agreements/agreement';
import { approveVersion, draftAgreement, type Actor } from '../agreements/agreement-lifecycle';
import { Role, type Principal } from '../principal';

export const STATE_EDUCATION = 'sea-state-education';
export const CHILD_WELFARE = 'agency-child-welfare';
export const UNIVERSITY = 'univ-policy-lab';
export const REVIEW_BOARD = 'irb-state';

export const researcher: Principal = { clientId: 'univ-policy-lab-extracts', role: Role.Researcher, organizationId: UNIVERSITY, authenticatedBy: 'client-secret' };

/** A steward acting at the given instant. */
export const stewardAt = (instant: string): Actor => ({ by: 'steward-console', at: new Date(instant) });

export const DISTRICT = 255901;
export const OTHER_DISTRICT = 255902;

/** Children in one district's schools in 2025–26, with their K-12 and child-welfare records. */
export const FOSTER_COHORT: CohortCriteria = { sectors: ['k12', 'partner'], districts: [DISTRICT], schoolYears: [2026] };

/** A studies-exception research agreement for 2026, from two contributors to a university, reviewed by an IRB. */
export function researchTerms(overrides: Partial<AgreementTerms> = {}): AgreementTerms {
  return {
    title: 'Foster care and school stability study',
    parties: [
      { organizationId: STATE_EDUCATION, roles: ['contributor'] },
      { organizationId: CHILD_WELFARE, roles: ['contributor'] },
      { organizationId: REVIEW_BOARD, roles: ['approver'] },
      { organizationId: UNIVERSITY, roles: ['recipient'] },
    ],
    purpose: { code: 'research', description: 'How placement changes relate to school moves and attendance' },
    legalBases: [{ kind: 'ferpa-studies' }],
    elements: [
      { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
      { domain: 'edfi.student', element: 'sex', granularity: 'as-recorded' },
      { domain: 'edfi.studentSchoolAttendanceEvent', element: 'attendanceEventCategoryDescriptor', granularity: 'as-recorded' },
      { domain: 'partner.childWelfarePlacement', element: 'episodeBeginDate', granularity: 'year-month' },
    ],
    population: { kind: 'cohort', criteria: FOSTER_COHORT },
    linkagePermitted: true,
    outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 5 },
    effectiveDate: '2026-01-01T00:00:00.000Z',
    expiresAt: '2027-01-01T00:00:00.000Z',
    destroyBy: '2027-06-30T00:00:00.000Z',
    ...overrides,
  };
}

/** Drafted and approved by every contributor and approver at `approvedAt`. */
export function approvedAgreement(id: string, terms: AgreementTerms = researchTerms(), approvedAt = '2025-12-15T12:00:00.000Z'): Agreement {
  let { agreement } = draftAgreement(id, terms, stewardAt('2025-12-01T09:00:00.000Z'));
  for (const organizationId of requiredApprovers(terms)) {
    agreement = approveVersion(agreement, 1, organizationId, stewardAt(approvedAt)).agreement;
  }
  return agreement;
}
