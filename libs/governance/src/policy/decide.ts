import { elementKey, partyInRole, type Agreement, type AgreementVersion, type ElementRef, type Granularity, type OutputRules, type Population } from '../agreements/agreement';
import { activeVersion, currentVersion, versionState } from '../agreements/agreement-status';
import type { Principal } from '../principal';

export interface PolicyRequest {
  principal: Principal;
  /** The purpose code the caller states, e.g. "research" or "handle-with-care". */
  purpose: string;
  requestedElements: readonly ElementRef[];
  population: Population;
  /** Whether the request joins records across sources (longitudinal linkage). */
  linkage?: boolean;
  /** For data an agency sends on (a care notice): the agreement must name this organisation as a contributor. */
  contributor?: string;
  at: Date;
  /** Every agreement that might apply; those not naming the caller are ignored. */
  agreements: readonly Agreement[];
}

export interface PolicyDecision {
  decision: 'allow' | 'deny';
  /** Why, in words a steward can read; never a child's data. */
  reasons: string[];
  agreementId?: string;
  agreementVersion?: number;
  /** On allow: the purpose allowed, the legitimate interest a disclosure records. */
  purpose?: string;
  /** On allow: the generalisation the agreement requires for each requested element. */
  elements?: Array<ElementRef & { granularity: Granularity }>;
  /** On allow: the disclosure control the output must pass. */
  outputRules?: OutputRules;
  /** On allow, for Handle with Care: how many school days the agreement keeps a notice. */
  careNoticeSchoolDays?: number;
}

/**
 * The policy decision point: allow only when one agreement, in force at `at`, names the
 * caller's organisation (and client, when it lists clients) as a recipient, states the
 * purpose, covers the population, permits every requested element and, if asked, linkage.
 * Anything else is denied, with every reason from every agreement that names the caller.
 */
export function decide(request: PolicyRequest): PolicyDecision {
  const { principal } = request;
  if (request.requestedElements.length === 0) return deny(['no data elements were requested']);
  const naming = [...request.agreements]
    .filter((agreement) => agreement.versions.some((version) => partyInRole(version.terms, principal.organizationId, 'recipient')))
    .sort((a, b) => a.id.localeCompare(b.id));
  if (naming.length === 0) return deny([`no agreement names organisation ${principal.organizationId} as a recipient`]);

  const reasons: string[] = [];
  for (const agreement of naming) {
    const version = activeVersion(agreement, request.at);
    if (!version) {
      reasons.push(`agreement ${agreement.id}: ${whyNotInForce(agreement, request.at)}`);
      continue;
    }
    const problems = termProblems(version, request);
    if (problems.length === 0) return allow(agreement, version, request);
    reasons.push(...problems.map((problem) => `agreement ${agreement.id} v${version.version}: ${problem}`));
  }
  return deny(reasons);
}

/**
 * The elements of `domain` that the first agreement in force for this caller, purpose and
 * population permits: what a caller who names no elements asks for. Empty when none applies,
 * and then the decision on whatever is asked explains why.
 */
export function permittedElements(request: Omit<PolicyRequest, 'requestedElements'>, domain: string): ElementRef[] {
  for (const agreement of [...request.agreements].sort((a, b) => a.id.localeCompare(b.id))) {
    const version = activeVersion(agreement, request.at);
    if (!version || termProblems(version, { ...request, requestedElements: [] }).length > 0) continue;
    return version.terms.elements.filter((element) => element.domain === domain).map(({ domain, element }) => ({ domain, element }));
  }
  return [];
}

function deny(reasons: string[]): PolicyDecision {
  return { decision: 'deny', reasons };
}

function allow(agreement: Agreement, version: AgreementVersion, request: PolicyRequest): PolicyDecision {
  const permitted = new Map(version.terms.elements.map((element) => [elementKey(element), element]));
  const requested = new Map(request.requestedElements.map((element) => [elementKey(element), element]));
  const { purpose, legalBases, outputRules, careNoticeSchoolDays } = version.terms;
  return {
    decision: 'allow',
    reasons: [`agreement ${agreement.id} v${version.version} permits purpose ${purpose.code} under ${legalBases.map((basis) => basis.kind).join(', ')}`],
    agreementId: agreement.id,
    agreementVersion: version.version,
    purpose: purpose.code,
    elements: [...requested.keys()].map((key) => {
      const { domain, element, granularity } = permitted.get(key)!;
      return { domain, element, granularity };
    }),
    outputRules,
    ...(careNoticeSchoolDays === undefined ? {} : { careNoticeSchoolDays }),
  };
}

function whyNotInForce(agreement: Agreement, at: Date): string {
  const version = currentVersion(agreement, at);
  const state = versionState(agreement, version, at);
  const label = `v${version.version}`;
  switch (state.status) {
    case 'draft':
      return state.awaitingApprovals.length > 0 ? `${label} is a draft awaiting approval from ${state.awaitingApprovals.join(', ')}` : `${label} is not in effect until ${state.appliesFrom}`;
    case 'expired':
      return `${label} expired at ${version.terms.expiresAt}`;
    default:
      return `${label} is ${state.status}`;
  }
}

function termProblems(version: AgreementVersion, request: PolicyRequest): string[] {
  const { terms } = version;
  const { principal } = request;
  const problems: string[] = [];
  const party = partyInRole(terms, principal.organizationId, 'recipient');
  if (!party) problems.push(`organisation ${principal.organizationId} is not a recipient`);
  else if (party.authorizedClients && !party.authorizedClients.includes(principal.clientId)) problems.push(`client ${principal.clientId} is not an authorised recipient`);
  if (request.purpose !== terms.purpose.code) problems.push(`purpose ${request.purpose} is not the agreement's purpose ${terms.purpose.code}`);
  if (!populationCovers(terms.population, request.population)) problems.push(`population ${describePopulation(request.population)} is outside ${describePopulation(terms.population)}`);
  const permitted = new Set(terms.elements.map(elementKey));
  const outside = [...new Set(request.requestedElements.map(elementKey))].filter((key) => !permitted.has(key));
  if (outside.length > 0) problems.push(`elements not permitted: ${outside.join(', ')}`);
  if (request.linkage && !terms.linkagePermitted) problems.push('linkage is not permitted');
  if (request.contributor !== undefined && !partyInRole(terms, request.contributor, 'contributor')) problems.push(`organisation ${request.contributor} is not a contributor`);
  return problems;
}

/** Statewide covers every population; the others cover only themselves. */
export function populationCovers(permitted: Population, requested: Population): boolean {
  if (permitted.kind === 'statewide') return true;
  if (permitted.kind === 'research-cohort') return requested.kind === 'research-cohort' && requested.cohortId === permitted.cohortId;
  return requested.kind === permitted.kind;
}

function describePopulation(population: Population): string {
  return population.kind === 'research-cohort' ? `research-cohort ${population.cohortId}` : population.kind;
}
