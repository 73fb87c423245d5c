import { amendAgreement, approveVersion, suspendAgreement, terminateAgreement } from '../agreements/agreement-lifecycle';
import type { Agreement, ElementRef, Population } from '../agreements/agreement';
import { Role } from '../principal';
import {
  approvedAgreement,
  CHILD_WELFARE,
  DISTRICT,
  FOSTER_COHORT,
  OTHER_DISTRICT,
  REVIEW_BOARD,
  researcher,
  researchTerms,
  STATE_EDUCATION,
  stewardAt,
  UNIVERSITY,
} from '../testing/agreements';
import { decide, permittedElements, populationProblems, type PolicyRequest } from './decide';

const COHORT: Population = { kind: 'cohort', criteria: FOSTER_COHORT };
const K12_AND_CHILD_WELFARE = ['k12', 'partner.childWelfarePlacement'];
const BIRTH_YEAR: ElementRef = { domain: 'edfi.student', element: 'birthDate' };
const SEX: ElementRef = { domain: 'edfi.student', element: 'sex' };
const IN_FORCE = new Date('2026-06-01T00:00:00Z');

const request = (agreements: Agreement[], overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  principal: researcher,
  purpose: 'research',
  requestedElements: [BIRTH_YEAR, SEX],
  population: COHORT,
  sources: K12_AND_CHILD_WELFARE,
  at: IN_FORCE,
  agreements,
  ...overrides,
});

describe('decide', () => {
  it('allows what an active agreement permits, reporting the agreement version, granularity and output rules', () => {
    expect(decide(request([approvedAgreement('dsa-1')]))).toEqual({
      decision: 'allow',
      reasons: ['agreement dsa-1 v1 permits purpose research under ferpa-studies'],
      agreementId: 'dsa-1',
      agreementVersion: 1,
      purpose: 'research',
      elements: [
        { ...BIRTH_YEAR, granularity: 'year' },
        { ...SEX, granularity: 'as-recorded' },
      ],
      outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 5 },
    });
  });

  it('denies by default: no agreement at all', () => {
    expect(decide(request([]))).toEqual({ decision: 'deny', reasons: [`no agreement names organisation ${UNIVERSITY} as a recipient`] });
  });

  it('denies an organisation that is only a contributor, never a recipient', () => {
    const contributor = { clientId: 'cw-feed', role: Role.Agency, organizationId: CHILD_WELFARE, authenticatedBy: 'certificate' as const };
    expect(decide(request([approvedAgreement('dsa-1')], { principal: contributor }))).toMatchObject({
      decision: 'deny',
      reasons: [`no agreement names organisation ${CHILD_WELFARE} as a recipient`],
    });
  });

  it('denies an empty request', () => {
    expect(decide(request([approvedAgreement('dsa-1')], { requestedElements: [] }))).toMatchObject({ decision: 'deny', reasons: ['no data elements were requested'] });
  });

  it('denies under a draft still awaiting approvals, naming who has not approved', () => {
    let agreement = approvedAgreement('dsa-1', researchTerms(), '2026-12-01T00:00:00Z');
    expect(decide(request([agreement]))).toMatchObject({
      decision: 'deny',
      reasons: [`agreement dsa-1: v1 is a draft awaiting approval from ${STATE_EDUCATION}, ${CHILD_WELFARE}, ${REVIEW_BOARD}`],
    });
    agreement = approvedAgreement('dsa-1', researchTerms({ effectiveDate: '2026-09-01T00:00:00.000Z' }));
    expect(decide(request([agreement]))).toMatchObject({ decision: 'deny', reasons: ['agreement dsa-1: v1 is not in effect until 2026-09-01T00:00:00.000Z'] });
  });

  it('denies under an expired, suspended or terminated agreement', () => {
    expect(decide(request([approvedAgreement('dsa-1')], { at: new Date('2027-01-02T00:00:00Z') }))).toMatchObject({
      decision: 'deny',
      reasons: ['agreement dsa-1: v1 expired at 2027-01-01T00:00:00.000Z'],
    });
    const suspended = suspendAgreement(approvedAgreement('dsa-1'), 'audit finding', stewardAt('2026-05-01T00:00:00Z')).agreement;
    expect(decide(request([suspended]))).toMatchObject({ decision: 'deny', reasons: ['agreement dsa-1: v1 is suspended'] });
    const terminated = terminateAgreement(approvedAgreement('dsa-1'), 'ended', stewardAt('2026-05-01T00:00:00Z')).agreement;
    expect(decide(request([terminated]))).toMatchObject({ decision: 'deny', reasons: ['agreement dsa-1: v1 is terminated'] });
  });

  it('lists every requested element the agreement does not permit, and every other mismatch', () => {
    const decision = decide(
      request([approvedAgreement('dsa-1')], {
        purpose: 'marketing',
        population: { kind: 'statewide' },
        requestedElements: [BIRTH_YEAR, { domain: 'edfi.student', element: 'lastSurname' }, { domain: 'edfi.student', element: 'firstName' }],
      }),
    );
    expect(decision).toEqual({
      decision: 'deny',
      reasons: [
        "agreement dsa-1 v1: purpose marketing is not the agreement's purpose research",
        "agreement dsa-1 v1: population statewide is outside the agreement's cohort",
        'agreement dsa-1 v1: elements not permitted: edfi.student.lastSurname, edfi.student.firstName',
      ],
    });
  });

  it('denies linkage an agreement does not permit: records of two sectors, or of two partner agencies, joined', () => {
    const agreement = approvedAgreement('dsa-1', researchTerms({ linkagePermitted: false }));
    expect(decide(request([agreement]))).toMatchObject({
      decision: 'deny',
      reasons: ['agreement dsa-1 v1: linkage is not permitted: the request joins records of k12 and partner.childWelfarePlacement'],
    });
    expect(decide(request([agreement], { sources: ['partner.childWelfarePlacement', 'partner.juvenileJusticeInvolvement'] }))).toMatchObject({
      decision: 'deny',
      reasons: ['agreement dsa-1 v1: linkage is not permitted: the request joins records of partner.childWelfarePlacement and partner.juvenileJusticeInvolvement'],
    });
    expect(decide(request([agreement], { sources: ['k12'] })).decision).toBe('allow');
    expect(decide(request([approvedAgreement('dsa-1')])).decision).toBe('allow');
  });

  it("denies a cohort outside the agreement's, naming each district, school, list and sector outside it", () => {
    const agreement = approvedAgreement('dsa-1');
    const cohort = (criteria: Partial<typeof FOSTER_COHORT>): Population => ({ kind: 'cohort', criteria: { ...FOSTER_COHORT, ...criteria } });
    expect(decide(request([agreement], { population: cohort({ districts: [DISTRICT, OTHER_DISTRICT], schoolYears: [2025, 2026], sectors: ['k12', 'workforce'] }) }))).toMatchObject({
      decision: 'deny',
      reasons: [
        `agreement dsa-1 v1: district ${OTHER_DISTRICT} is outside the agreement's cohort (district ${DISTRICT})`,
        "agreement dsa-1 v1: school year 2025 is outside the agreement's cohort (school years 2026)",
        "agreement dsa-1 v1: workforce records are outside the agreement's cohort (sectors k12, partner)",
      ],
    });
    expect(decide(request([agreement], { population: cohort({ schoolYears: undefined }) })).reasons).toEqual([
      "agreement dsa-1 v1: the agreement's cohort is limited to school years 2026: the request must name school years within them",
    ]);
    expect(decide(request([agreement], { population: cohort({ grades: ['Ninth grade'], sectors: ['k12'] }) })).decision).toBe('allow');
  });

  it('denies a client the recipient did not authorise', () => {
    const terms = researchTerms();
    const parties = terms.parties.map((party) => (party.organizationId === UNIVERSITY ? { ...party, authorizedClients: ['univ-enclave'] } : party));
    expect(decide(request([approvedAgreement('dsa-1', { ...terms, parties })]))).toMatchObject({
      decision: 'deny',
      reasons: [`agreement dsa-1 v1: client ${researcher.clientId} is not an authorised recipient`],
    });
  });

  it('applies the amendment in force, not the newest draft', () => {
    const narrower = researchTerms({ elements: researchTerms().elements.filter((element) => element.element !== 'sex') });
    let agreement = amendAgreement(approvedAgreement('dsa-1'), narrower, stewardAt('2026-03-01T00:00:00Z')).agreement;
    expect(decide(request([agreement]))).toMatchObject({ decision: 'allow', agreementVersion: 1 });
    for (const organizationId of [STATE_EDUCATION, CHILD_WELFARE, REVIEW_BOARD]) {
      agreement = approveVersion(agreement, 2, organizationId, stewardAt('2026-03-02T00:00:00Z')).agreement;
    }
    expect(decide(request([agreement]))).toMatchObject({ decision: 'deny', reasons: ['agreement dsa-1 v2: elements not permitted: edfi.student.sex'] });
    expect(decide(request([agreement], { requestedElements: [BIRTH_YEAR] }))).toMatchObject({ decision: 'allow', agreementVersion: 2 });
  });

  it('requires a named contributor to be one of the agreement’s contributors (an agency sending on a care notice)', () => {
    const agreements = [approvedAgreement('dsa-1')];
    expect(decide(request(agreements, { contributor: CHILD_WELFARE })).decision).toBe('allow');
    expect(decide(request(agreements, { contributor: 'county-sheriff' }))).toMatchObject({
      decision: 'deny',
      reasons: ['agreement dsa-1 v1: organisation county-sheriff is not a contributor'],
    });
    expect(decide(request(agreements, { contributor: UNIVERSITY }))).toMatchObject({ decision: 'deny', reasons: [`agreement dsa-1 v1: organisation ${UNIVERSITY} is not a contributor`] });
  });

  it('allows under any one agreement that permits the whole request, and explains the others when none does', () => {
    const statewide = approvedAgreement('dsa-2', researchTerms({ population: { kind: 'statewide' }, purpose: { code: 'audit-evaluation', description: 'State audit' } }));
    expect(decide(request([approvedAgreement('dsa-1'), statewide], { purpose: 'audit-evaluation' }))).toMatchObject({ decision: 'allow', agreementId: 'dsa-2' });
    expect(decide(request([approvedAgreement('dsa-1'), statewide], { purpose: 'advocacy' })).reasons).toHaveLength(2);
  });
});

describe('permittedElements', () => {
  it('gives the elements of one domain that the agreement in force allows this caller, purpose and population, which then are allowed', () => {
    const agreements = [approvedAgreement('dsa-1')];
    const elements = permittedElements(request(agreements), 'edfi.student');
    expect(elements).toEqual([BIRTH_YEAR, SEX]);
    expect(decide(request(agreements, { requestedElements: elements })).decision).toBe('allow');
  });

  it('gives none when no agreement in force fits the purpose, population or caller', () => {
    const agreements = [approvedAgreement('dsa-1')];
    expect(permittedElements(request(agreements, { purpose: 'advocacy' }), 'edfi.student')).toEqual([]);
    expect(permittedElements(request(agreements, { population: { kind: 'statewide' } }), 'edfi.student')).toEqual([]);
    expect(permittedElements(request(agreements, { at: new Date('2027-06-01T00:00:00Z') }), 'edfi.student')).toEqual([]);
    expect(permittedElements(request(agreements, { principal: { ...researcher, organizationId: 'elsewhere' } }), 'edfi.student')).toEqual([]);
    expect(permittedElements(request(agreements), 'edfi.course')).toEqual([]);
  });
});

describe('populationProblems', () => {
  const agreed: Population = { kind: 'cohort', criteria: { sectors: ['k12'], districts: [DISTRICT], schools: [999001] } };
  const schools = (...ids: number[]): Population => ({ kind: 'cohort', criteria: { sectors: ['k12'], schools: ids } });
  const districtOfSchool = new Map<string, string | null>([
    ['255901001', String(DISTRICT)],
    ['255902001', String(OTHER_DISTRICT)],
    ['888001', null],
  ]);

  it("places a school in an agreement's district only as the hub's records say", () => {
    expect(populationProblems(agreed, schools(255901001, 999001), districtOfSchool)).toEqual([]);
    expect(populationProblems(agreed, schools(255902001, 888001, 777001), districtOfSchool)).toEqual([
      `school 255902001 is outside the agreement's cohort (district ${DISTRICT}, school 999001)`,
      `school 888001 is outside the agreement's cohort (district ${DISTRICT}, school 999001)`,
      `school 777001 is outside the agreement's cohort (district ${DISTRICT}, school 999001)`,
    ]);
  });

  it('covers nothing under a bare research-cohort label, saying why, and everything under statewide', () => {
    expect(populationProblems({ kind: 'research-cohort', cohortId: 'cohort-a' }, schools(255901001), districtOfSchool)).toEqual([
      'population research-cohort cohort-a is a label the hub cannot check: amend the agreement to define its cohort by criteria',
    ]);
    expect(populationProblems({ kind: 'statewide' }, schools(255902001), districtOfSchool)).toEqual([]);
  });
});
