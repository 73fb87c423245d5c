import { amendAgreement, approveVersion, suspendAgreement, terminateAgreement } from '../agreements/agreement-lifecycle';
import type { Agreement, ElementRef, Population } from '../agreements/agreement';
import { Role } from '../principal';
import { approvedAgreement, CHILD_WELFARE, REVIEW_BOARD, researcher, researchTerms, STATE_EDUCATION, stewardAt, UNIVERSITY } from '../testing/agreements';
import { decide, permittedElements, type PolicyRequest } from './decide';

const COHORT: Population = { kind: 'research-cohort', cohortId: 'cohort-2026-foster' };
const BIRTH_YEAR: ElementRef = { domain: 'edfi.student', element: 'birthDate' };
const SEX: ElementRef = { domain: 'edfi.student', element: 'sex' };
const IN_FORCE = new Date('2026-06-01T00:00:00Z');

const request = (agreements: Agreement[], overrides: Partial<PolicyRequest> = {}): PolicyRequest => ({
  principal: researcher,
  purpose: 'research',
  requestedElements: [BIRTH_YEAR, SEX],
  population: COHORT,
  linkage: true,
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
        'agreement dsa-1 v1: population statewide is outside research-cohort cohort-2026-foster',
        'agreement dsa-1 v1: elements not permitted: edfi.student.lastSurname, edfi.student.firstName',
      ],
    });
  });

  it('denies linkage an agreement does not permit', () => {
    const agreement = approvedAgreement('dsa-1', researchTerms({ linkagePermitted: false }));
    expect(decide(request([agreement], { linkage: true }))).toMatchObject({ decision: 'deny', reasons: ['agreement dsa-1 v1: linkage is not permitted'] });
    expect(decide(request([agreement], { linkage: false })).decision).toBe('allow');
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
