import {
  type CohortCriteria,
  elementKey,
  partyInRole,
  type Agreement,
  type AgreementVersion,
  type ElementRef,
  type Granularity,
  type OutputRules,
  type Population,
  type Sector,
} from '../agreements/agreement';
import { activeVersion, currentVersion, versionState } from '../agreements/agreement-status';
import type { Principal } from '../principal';

export interface PolicyRequest {
  principal: Principal;
  /** The purpose code the caller states, e.g. "research" or "handle-with-care". */
  purpose: string;
  requestedElements: readonly ElementRef[];
  population: Population;
  /**
   * The contributing sources whose records the request joins person by person (`recordSource`
   * of each); joining more than one is linkage, which the agreement must permit.
   */
  sources?: readonly string[];
  /** Each school's district as the hub's records name it: a school the request names lies in an agreement's district only by this. */
  districtOfSchool?: ReadonlyMap<string, string | null>;
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
  problems.push(...populationProblems(terms.population, request.population, request.districtOfSchool ?? new Map()));
  const permitted = new Set(terms.elements.map(elementKey));
  const outside = [...new Set(request.requestedElements.map(elementKey))].filter((key) => !permitted.has(key));
  if (outside.length > 0) problems.push(`elements not permitted: ${outside.join(', ')}`);
  const sources = [...new Set(request.sources ?? [])].sort();
  if (sources.length > 1 && !terms.linkagePermitted) problems.push(`linkage is not permitted: the request joins records of ${sources.join(' and ')}`);
  if (request.contributor !== undefined && !partyInRole(terms, request.contributor, 'contributor')) problems.push(`organisation ${request.contributor} is not a contributor`);
  return problems;
}

/**
 * A source of records for linkage: a sector, except that each partner agency (one per partner
 * contract: child welfare, juvenile justice…) is a source of its own, so joining two is linkage.
 */
export function recordSource(sector: Sector, contractId: string): string {
  return sector === 'partner' ? contractId : sector;
}

/** Why the requested population is not within the permitted one, each reason naming what lies outside; empty when it is within. */
export function populationProblems(permitted: Population, requested: Population, districtOfSchool: ReadonlyMap<string, string | null>): string[] {
  if (permitted.kind === 'statewide') return [];
  if (permitted.kind === 'research-cohort') return [`population research-cohort ${permitted.cohortId} is a label the hub cannot check: amend the agreement to define its cohort by criteria`];
  if (permitted.kind === 'enrolled-at-recipient') return requested.kind === permitted.kind ? [] : [`population ${requested.kind} is outside enrolled-at-recipient`];
  if (requested.kind !== 'cohort') return [`population ${requested.kind} is outside the agreement's cohort`];
  return cohortProblems(permitted.criteria, requested.criteria, districtOfSchool);
}

function cohortProblems(permitted: CohortCriteria, requested: CohortCriteria, districtOfSchool: ReadonlyMap<string, string | null>): string[] {
  const problems: string[] = [];
  const listOutside = <T>(one: string, many: string, requestedValues: readonly T[] | undefined, permittedValues: readonly T[] | undefined) => {
    if (permittedValues === undefined) return;
    const listed = `${many} ${permittedValues.join(', ')}`;
    // A list the request leaves out selects everyone, so it is outside any list the agreement gives.
    if (requestedValues === undefined) problems.push(`the agreement's cohort is limited to ${listed}: the request must name ${many} within them`);
    else for (const value of requestedValues.filter((candidate) => !permittedValues.includes(candidate))) problems.push(`${one} ${value} is outside the agreement's cohort (${listed})`);
  };

  if (permitted.schools !== undefined || permitted.districts !== undefined) {
    const schools = new Set((permitted.schools ?? []).map(String));
    const districts = new Set((permitted.districts ?? []).map(String));
    const organisations = [...(permitted.districts ?? []).map((id) => `district ${id}`), ...(permitted.schools ?? []).map((id) => `school ${id}`)].join(', ');
    if (requested.districts === undefined && requested.schools === undefined)
      problems.push(`the agreement's cohort is limited to ${organisations}: the request must name districts or schools within them`);
    for (const district of requested.districts ?? []) if (!districts.has(String(district))) problems.push(`district ${district} is outside the agreement's cohort (${organisations})`);
    for (const school of requested.schools ?? []) {
      const district = districtOfSchool.get(String(school));
      if (!schools.has(String(school)) && !(district && districts.has(district))) problems.push(`school ${school} is outside the agreement's cohort (${organisations})`);
    }
  }
  listOutside('grade', 'grades', requested.grades, permitted.grades);
  listOutside('school year', 'school years', requested.schoolYears, permitted.schoolYears);
  listOutside('program', 'programs', requested.programs, permitted.programs);
  listOutside('institution', 'institutions', requested.institutions, permitted.institutions);
  for (const sector of requested.sectors.filter((candidate) => !permitted.sectors.includes(candidate)))
    problems.push(`${sector} records are outside the agreement's cohort (sectors ${permitted.sectors.join(', ')})`);
  return problems;
}
