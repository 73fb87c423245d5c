import fc from 'fast-check';
import { elementKey, requiredApprovers, type Agreement, type AgreementTerms, type ElementRef, type PartyRole, type Population } from '../agreements/agreement';
import { amendAgreement, approveVersion, draftAgreement, reinstateAgreement, suspendAgreement, terminateAgreement, type Actor, type Transition } from '../agreements/agreement-lifecycle';
import { activeVersion } from '../agreements/agreement-status';
import { GRANULARITIES } from '../agreements/agreement';
import { Role, type Principal } from '../principal';
import { decide, type PolicyRequest } from './decide';

// Small pools, so generated requests often meet generated agreements and both answers occur.
const ORGANIZATIONS = ['org-a', 'org-b', 'org-c'];
const CLIENTS = ['client-1', 'client-2'];
const PURPOSES = ['research', 'audit-evaluation'];
const ELEMENTS: ElementRef[] = [
  { domain: 'edfi.student', element: 'birthDate' },
  { domain: 'edfi.student', element: 'sex' },
  { domain: 'edfi.studentAssessment', element: 'scoreResults' },
  { domain: 'partner.childWelfarePlacement', element: 'episodeBeginDate' },
];
const POPULATIONS: Population[] = [
  { kind: 'statewide' },
  { kind: 'enrolled-at-recipient' },
  { kind: 'cohort', criteria: { sectors: ['k12'], districts: [1] } },
  { kind: 'cohort', criteria: { sectors: ['k12', 'partner'], districts: [1, 2] } },
];
const SOURCES = [[], ['k12'], ['k12', 'partner.childWelfarePlacement']];
const WINDOW_START = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;

const instantIn = (fromDay: number, toDay: number) => fc.integer({ min: fromDay, max: toDay }).map((day) => new Date(WINDOW_START + day * DAY));
const someOf = <T>(items: T[]) => fc.subarray(items, { minLength: 1 });

const termsArbitrary: fc.Arbitrary<AgreementTerms> = fc
  .record({
    roles: fc.tuple(...ORGANIZATIONS.map(() => fc.subarray<PartyRole>(['contributor', 'recipient', 'approver']))),
    clients: fc.option(someOf(CLIENTS), { nil: undefined, freq: 4 }),
    purpose: fc.constantFrom(...PURPOSES),
    elements: someOf(ELEMENTS).chain((elements) => fc.tuple(...elements.map((element) => fc.constantFrom(...GRANULARITIES).map((granularity) => ({ ...element, granularity }))))),
    population: fc.constantFrom({ kind: 'statewide' as const }, ...POPULATIONS),
    linkagePermitted: fc.boolean(),
    effectiveDay: fc.integer({ min: 0, max: 100 }),
    lengthDays: fc.integer({ min: 100, max: 400 }),
  })
  .map(({ roles, clients, purpose, elements, population, linkagePermitted, effectiveDay, lengthDays }) => {
    // The first organisation always contributes and the second always receives, so the terms are valid.
    roles[0] = [...new Set<PartyRole>([...roles[0], 'contributor'])];
    roles[1] = [...new Set<PartyRole>([...roles[1], 'recipient'])];
    const parties = ORGANIZATIONS.flatMap((organizationId, index) => {
      if (roles[index].length === 0) return [];
      return [{ organizationId, roles: roles[index], ...(clients && roles[index].includes('recipient') ? { authorizedClients: clients } : {}) }];
    });
    const effective = WINDOW_START + effectiveDay * DAY;
    return {
      title: 'generated',
      parties,
      purpose: { code: purpose, description: purpose },
      legalBases: [{ kind: 'ferpa-studies' as const }],
      elements,
      population,
      linkagePermitted,
      outputRules: { dataLevel: 'record' as const, minimumCellSize: 11, k: 5 },
      effectiveDate: new Date(effective).toISOString(),
      expiresAt: new Date(effective + lengthDays * DAY).toISOString(),
      destroyBy: new Date(effective + (lengthDays + 90) * DAY).toISOString(),
    };
  });

type Operation = (agreement: Agreement, actor: Actor) => Agreement;

const newestVersion = (agreement: Agreement) => agreement.versions[agreement.versions.length - 1];

function missingApprovers(agreement: Agreement): string[] {
  const newest = newestVersion(agreement);
  const approved = new Set(newest.approvals.map((approval) => approval.organizationId));
  return requiredApprovers(newest.terms).filter((organizationId) => !approved.has(organizationId));
}

const approveOne =
  (pick: number): Operation =>
  (agreement, actor) => {
    const approvers = requiredApprovers(newestVersion(agreement).terms);
    return approveVersion(agreement, newestVersion(agreement).version, approvers[pick % approvers.length], actor).agreement;
  };
const approveAllMissing: Operation = (agreement, actor) =>
  missingApprovers(agreement).reduce((approved, organizationId) => approveVersion(approved, newestVersion(agreement).version, organizationId, actor).agreement, agreement);
const lifecycleOperation =
  (transition: (agreement: Agreement, reason: string, actor: Actor) => Transition): Operation =>
  (agreement, actor) =>
    transition(agreement, 'generated', actor).agreement;

// Weighted so that many agreements end up in force, while every state still occurs.
const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map(approveOne) },
  { weight: 8, arbitrary: fc.constant(approveAllMissing) },
  {
    weight: 2,
    arbitrary: termsArbitrary.map(
      (terms): Operation =>
        (agreement, actor) =>
          amendAgreement(agreement, terms, actor).agreement,
    ),
  },
  { weight: 2, arbitrary: fc.constant(lifecycleOperation(suspendAgreement)) },
  { weight: 2, arbitrary: fc.constant(lifecycleOperation(reinstateAgreement)) },
  { weight: 1, arbitrary: fc.constant(lifecycleOperation(terminateAgreement)) },
);

/** An agreement built through the lifecycle itself: a draft, then operations in time order; refused ones are skipped. */
const agreementArbitrary = (id: string): fc.Arbitrary<Agreement> =>
  fc
    .record({
      terms: termsArbitrary,
      operations: fc.array(fc.tuple(operationArbitrary, fc.integer({ min: -80, max: 90 })), { maxLength: 12 }),
    })
    .map(({ terms, operations }) => {
      let { agreement } = draftAgreement(id, terms, { by: 'steward', at: new Date(WINDOW_START - 90 * DAY) });
      const ordered = [...operations].sort(([, dayA], [, dayB]) => dayA - dayB);
      for (const [operation, day] of ordered) {
        try {
          agreement = operation(agreement, { by: 'steward', at: new Date(WINDOW_START + day * DAY) });
        } catch {
          // A refused transition leaves the agreement as it was, as in the registry.
        }
      }
      return agreement;
    });

const agreementsArbitrary = fc.integer({ min: 1, max: 3 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => agreementArbitrary(`dsa-${index}`))));

const principalArbitrary: fc.Arbitrary<Principal> = fc.record({
  clientId: fc.constantFrom(...CLIENTS),
  role: fc.constantFrom(Role.Researcher, Role.Agency, Role.District),
  // org-b always receives under generated terms.
  organizationId: fc.constantFrom('org-b', ...ORGANIZATIONS),
  authenticatedBy: fc.constantFrom('client-secret' as const, 'certificate' as const),
});

const randomRequestArbitrary = (agreements: fc.Arbitrary<Agreement[]>): fc.Arbitrary<PolicyRequest> =>
  fc.record({
    principal: principalArbitrary,
    purpose: fc.constantFrom(...PURPOSES),
    requestedElements: fc.subarray(ELEMENTS, { minLength: 1, maxLength: 2 }),
    population: fc.constantFrom(...POPULATIONS),
    sources: fc.constantFrom(...SOURCES),
    at: instantIn(0, 250),
    agreements,
  });

/** A request shaped after one agreement's newest terms: allowed whenever that version is in force. */
const fittingRequestArbitrary = (agreements: fc.Arbitrary<Agreement[]>): fc.Arbitrary<PolicyRequest> =>
  agreements.chain((list) =>
    fc.nat().chain((pick) => {
      const { terms } = newestVersion(list[pick % list.length]);
      const recipient = terms.parties.find((party) => party.roles.includes('recipient'))!;
      return fc.record({
        principal: principalArbitrary.map((principal) => ({ ...principal, organizationId: recipient.organizationId, clientId: recipient.authorizedClients?.[0] ?? principal.clientId })),
        purpose: fc.constant(terms.purpose.code),
        requestedElements: someOf(terms.elements.map(({ domain, element }) => ({ domain, element }))),
        population: fc.constant(terms.population),
        sources: fc.constant([]),
        at: instantIn(0, 250),
        agreements: fc.constant(list),
      });
    }),
  );

const requestArbitrary = (agreements: fc.Arbitrary<Agreement[]>) => fc.oneof(randomRequestArbitrary(agreements), fittingRequestArbitrary(agreements));

// Shrinking agreements built by chained generators can take minutes; the first counterexample is readable enough.
const RUNS = { numRuns: 400, endOnFailure: true };

describe('decide (properties)', () => {
  it('generates both answers often enough to mean something', () => {
    const decisions = fc.sample(requestArbitrary(agreementsArbitrary), 2000).map((request) => decide(request).decision);
    const allowed = decisions.filter((decision) => decision === 'allow').length;
    expect(allowed).toBeGreaterThan(200);
    expect(allowed).toBeLessThan(1800);
  });

  it('denies by default: with no agreement fully approved, every request is denied', () => {
    const drafts = agreementsArbitrary.map((agreements) => agreements.map((agreement) => ({ ...agreement, versions: agreement.versions.map((version) => ({ ...version, approvals: [] })) })));
    fc.assert(
      fc.property(requestArbitrary(drafts), (request) => decide(request).decision === 'deny'),
      RUNS,
    );
  });

  it('allows only through a version in force that names the caller as recipient and permits purpose and every element', () => {
    fc.assert(
      fc.property(requestArbitrary(agreementsArbitrary), (request) => {
        const decision = decide(request);
        if (decision.decision === 'deny') return true;
        const agreement = request.agreements.find((candidate) => candidate.id === decision.agreementId)!;
        const version = activeVersion(agreement, request.at);
        expect(version?.version).toBe(decision.agreementVersion);
        const party = version!.terms.parties.find((candidate) => candidate.organizationId === request.principal.organizationId);
        expect(party?.roles).toContain('recipient');
        expect(version!.terms.purpose.code).toBe(request.purpose);
        const permitted = new Set(version!.terms.elements.map(elementKey));
        expect(request.requestedElements.every((element) => permitted.has(elementKey(element)))).toBe(true);
        return true;
      }),
      RUNS,
    );
  });

  it('never turns deny into allow when elements are added to a request', () => {
    fc.assert(
      fc.property(requestArbitrary(agreementsArbitrary), someOf(ELEMENTS), (request, extra) => {
        fc.pre(decide(request).decision === 'deny');
        return decide({ ...request, requestedElements: [...request.requestedElements, ...extra] }).decision === 'deny';
      }),
      RUNS,
    );
  });

  it('never allows through an agreement suspended or terminated before the request, nor turns deny into allow', () => {
    fc.assert(
      fc.property(requestArbitrary(agreementsArbitrary), fc.nat(), fc.boolean(), fc.integer({ min: 0, max: 60 }), (request, pick, terminate, daysBefore) => {
        const index = pick % request.agreements.length;
        const target = request.agreements[index];
        // Lifecycle events are appended in time order, as the registry records them.
        const stopAt = Math.max(request.at.getTime() - daysBefore * DAY, ...target.lifecycle.map((event) => Date.parse(event.at) + 1));
        fc.pre(stopAt <= request.at.getTime());
        let stopped: Agreement;
        try {
          stopped = (terminate ? terminateAgreement : suspendAgreement)(target, 'generated', { by: 'steward', at: new Date(stopAt) }).agreement;
        } catch {
          return true;
        }
        const before = decide(request);
        const after = decide({ ...request, agreements: request.agreements.map((agreement, position) => (position === index ? stopped : agreement)) });
        if (before.decision === 'deny') expect(after.decision).toBe('deny');
        expect(after.agreementId).not.toBe(target.id);
        return true;
      }),
      RUNS,
    );
  });

  it('never turns deny into allow when an agreement is taken away', () => {
    fc.assert(
      fc.property(requestArbitrary(agreementsArbitrary), fc.nat(), (request, pick) => {
        fc.pre(request.agreements.length > 0 && decide(request).decision === 'deny');
        const agreements = request.agreements.filter((_, index) => index !== pick % request.agreements.length);
        return decide({ ...request, agreements }).decision === 'deny';
      }),
      RUNS,
    );
  });

  it('does not depend on the order the agreements come in', () => {
    fc.assert(
      fc.property(requestArbitrary(agreementsArbitrary), (request) => {
        expect(decide({ ...request, agreements: [...request.agreements].reverse() })).toEqual(decide(request));
      }),
      RUNS,
    );
  });
});
