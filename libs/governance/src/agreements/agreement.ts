/**
 * A data-sharing agreement (DSA) as a machine enforces it. An agreement is a list of
 * versions and lifecycle events that only ever grows: an amendment is a new version that
 * needs its own approvals, and suspension or termination is an event, so every earlier
 * state stays readable and every decision can be explained from the history.
 */

/** The law a disclosure relies on. */
export const LEGAL_BASES = {
  'ferpa-consent': 'FERPA written consent, 34 CFR 99.30',
  'ferpa-school-official': 'FERPA school officials with a legitimate educational interest, 34 CFR 99.31(a)(1)',
  'ferpa-studies': 'FERPA studies exception, 34 CFR 99.31(a)(6)',
  'ferpa-audit-evaluation': 'FERPA audit or evaluation exception, 34 CFR 99.31(a)(3) and 99.35',
  'state-statute': 'State statute',
  'hipaa-authorization': 'HIPAA authorization, 45 CFR 164.508',
  'hipaa-limited-data-set': 'HIPAA limited data set with a data use agreement, 45 CFR 164.514(e)',
  '42-cfr-part-2-consent': '42 CFR Part 2 consent (substance-use treatment records)',
} as const;

export type LegalBasisKind = keyof typeof LEGAL_BASES;

export interface LegalBasis {
  kind: LegalBasisKind;
  /** The statute or section relied on; required for a state statute, e.g. "KRS 151B.134". */
  citation?: string;
}

/** What a party does under the agreement; one organisation may hold several roles. */
export type PartyRole = 'contributor' | 'recipient' | 'approver';

export interface AgreementParty {
  organizationId: string;
  roles: PartyRole[];
  /** A recipient's registered clients that may receive data; every client of the organisation when absent. */
  authorizedClients?: string[];
}

/** The generalisation an element must get before it leaves the hub. */
export const GRANULARITIES = ['as-recorded', 'year-month', 'year', 'zip3', 'age-top-coded-90'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Law beyond FERPA that protects an element, so the agreement must name a matching legal basis. */
export type ElementProtection = 'hipaa' | '42-cfr-part-2';

/** One data element: a contract (e.g. edfi.student) and a field of its records (e.g. birthDate). */
export interface ElementRef {
  domain: string;
  element: string;
}

export interface PermittedElement extends ElementRef {
  granularity: Granularity;
  protection?: ElementProtection;
}

/** The sectors that contribute records; each is one source of records for linkage, except partner agencies (see PolicyRequest.sources). */
export const SECTORS = ['k12', 'postsecondary', 'partner', 'workforce'] as const;
export type Sector = (typeof SECTORS)[number];

/**
 * Who is in a cohort, in terms the hub checks against its records: students enrolled at the
 * schools (or in the districts), grades and school years named, narrowed to those served by the
 * programs or enrolled at the postsecondary institutions named, whose records of the sectors
 * named are covered. A list left out does not narrow.
 */
export interface CohortCriteria {
  sectors: Sector[];
  /** Local education agency ids. */
  districts?: number[];
  schools?: number[];
  grades?: string[];
  /** Ed-Fi school years: 2026 is the year from July 2025 to June 2026. */
  schoolYears?: number[];
  programs?: string[];
  /** Postsecondary institutions' IPEDS unit ids. */
  institutions?: string[];
}

/** Whose records the agreement covers. */
export type Population =
  /** Students enrolled in the recipient's own schools (a district or school reading its students). */
  | { kind: 'enrolled-at-recipient' }
  /** The students its criteria select; a request's cohort must lie within them. */
  | { kind: 'cohort'; criteria: CohortCriteria }
  /**
   * A bare cohort label, as agreements were drafted before criteria: stored terms still read,
   * but nothing can be checked against a label, so it covers no request and no new terms use it.
   */
  | { kind: 'research-cohort'; cohortId: string }
  /** Every student in the hub (e.g. a state audit or evaluation). */
  | { kind: 'statewide' };

export interface OutputRules {
  /** Aggregate tables only, or de-identified record-level data. */
  dataLevel: 'aggregate' | 'record';
  /** Cells below this count are suppressed (with complementary suppression); never below the state's disclosure floor. */
  minimumCellSize: number;
  /** Each combination of quasi-identifiers must be shared by at least k records; never below the state's disclosure floor. */
  k: number;
  /**
   * A table row or column whose whole count sits in one cell (beside zeros) tells the attribute
   * of everyone in it: withheld whole unless the agreement releases it. Suppress when absent.
   */
  singleCellLines?: 'suppress' | 'release';
  /**
   * A person has one pseudonym in every record-level extract of the project, so a researcher can
   * join them; the hub then keeps their union k-anonymous at each build. Per extract when absent.
   */
  linkAcrossExtracts?: boolean;
}

/** An agreement's treatment of one-cell table lines, its default applied. */
export function singleCellLinesOf(rules: OutputRules): 'suppress' | 'release' {
  return rules.singleCellLines ?? 'suppress';
}

/** Whether an agreement links its project's extracts, its default (no) applied. */
export function linkAcrossExtractsOf(rules: OutputRules): boolean {
  return rules.linkAcrossExtracts ?? false;
}

export interface AgreementTerms {
  title: string;
  parties: AgreementParty[];
  purpose: { code: string; description: string };
  legalBases: LegalBasis[];
  elements: PermittedElement[];
  population: Population;
  linkagePermitted: boolean;
  outputRules: OutputRules;
  /** RFC 3339 instants; the agreement applies from effectiveDate up to (not including) expiresAt. */
  effectiveDate: string;
  expiresAt: string;
  /** When recipients must have destroyed what they received. */
  destroyBy: string;
  /** Handle with Care agreements only: school days a notice stays in the inbox (the hub's default otherwise). */
  careNoticeSchoolDays?: number;
}

export interface Approval {
  organizationId: string;
  approvedAt: string;
  /** The client that recorded the approval. */
  approvedBy: string;
}

export interface AgreementVersion {
  version: number;
  terms: AgreementTerms;
  draftedAt: string;
  draftedBy: string;
  approvals: Approval[];
}

export type LifecycleEventKind = 'suspended' | 'reinstated' | 'terminated';

/** Applies to the agreement as a whole, whichever version is in force. */
export interface LifecycleEvent {
  kind: LifecycleEventKind;
  at: string;
  by: string;
  reason: string;
}

export interface Agreement {
  id: string;
  /** Oldest first; version numbers are 1, 2, 3, … */
  versions: AgreementVersion[];
  /** Oldest first. */
  lifecycle: LifecycleEvent[];
}

export function elementKey(element: ElementRef): string {
  return `${element.domain}.${element.element}`;
}

/** Contributors and approvers (e.g. an IRB or board) must each approve a version before it applies. */
export function requiredApprovers(terms: AgreementTerms): string[] {
  return terms.parties.filter((party) => party.roles.some((role) => role === 'contributor' || role === 'approver')).map((party) => party.organizationId);
}

export function isParty(terms: AgreementTerms, organizationId: string): boolean {
  return terms.parties.some((party) => party.organizationId === organizationId);
}

/** The organisation's party entry when it holds `role` under these terms. */
export function partyInRole(terms: AgreementTerms, organizationId: string, role: PartyRole): AgreementParty | undefined {
  return terms.parties.find((party) => party.organizationId === organizationId && party.roles.includes(role));
}
