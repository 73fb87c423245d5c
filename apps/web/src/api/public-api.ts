// The public API's answers as the pages read them (GET /public/schools…; schemas in /docs).

export interface PublicSchool {
  schoolId: string;
  name: string;
  shortName: string | null;
  district: { districtId: string; name: string | null } | null;
  address: { streetNumberName: string; apartmentRoomSuiteNumber: string | null; city: string; state: string; postalCode: string } | null;
  gradeLevels: string[];
  webSite: string | null;
}

export interface PublicSchoolPage {
  page: number;
  pageSize: number;
  total: number;
  schools: PublicSchool[];
}

/** What a search asks for: the same names as the page's own query string and the API's. */
export interface SchoolSearchParameters {
  q?: string;
  district?: string;
  city?: string;
  page?: string;
}

/** An answer other than 2xx; 404 is told apart, since the pages say "not found" for it. */
export class ApiError extends Error {
  constructor(readonly status: number) {
    super(`the API answered ${status}`);
  }
}

async function getJson<T>(path: string, signal: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (!response.ok) throw new ApiError(response.status);
  return (await response.json()) as T;
}

export function searchSchools(parameters: SchoolSearchParameters, signal: AbortSignal): Promise<PublicSchoolPage> {
  const query = new URLSearchParams(Object.entries(parameters).filter((entry): entry is [string, string] => !!entry[1]));
  return getJson(`/public/schools?${query}`, signal);
}

export function getSchool(schoolId: string, signal: AbortSignal): Promise<PublicSchool> {
  return getJson(`/public/schools/${encodeURIComponent(schoolId)}`, signal);
}

/** One released value; withheld ones carry `n: null, value: null` and their reason, coded rates their bound. */
export interface PublicIndicatorValue {
  indicator: string;
  schoolYear: number;
  level: 'school' | 'district' | 'state';
  organisationId: string;
  group: string;
  kind: 'rate' | 'mean' | 'median' | 'amount';
  n: number | null;
  value: number | null;
  coded: 'at-least' | 'at-most' | null;
  reason: WithheldReason | null;
}

export type WithheldReason = 'below-minimum-n' | 'complementary' | 'complementary-value' | 'top-coded' | 'bottom-coded';

export interface PublicPlanGoal {
  goalId: string;
  indicator: string;
  group: string;
  baseline: { schoolYear: number; value: number };
  target: { schoolYear: number; value: number };
  direction: 'increase' | 'decrease';
  latest: { schoolYear: number; value?: number; withheld?: boolean } | null;
  status: 'met' | 'on-track' | 'behind' | 'withheld' | 'no-data';
}

/** Whose released values a page shows: a school, a district, or the state (whose organisation id is `state`). */
export type OutcomeLevel = 'school' | 'district' | 'state';

export interface PublicOrganisationIndicators {
  level: OutcomeLevel;
  organisationId: string;
  /** Null when nothing is released yet. */
  schoolYear: number | null;
  values: PublicIndicatorValue[];
  planGoals?: PublicPlanGoal[];
}

export interface IndicatorDictionary {
  indicators: Array<{ id: string; title: string; definition: string; unit: 'proportion' | 'scale-score points' | 'percentile' | 'US dollars'; kind: string }>;
  disclosureRules: { minimumN: number };
  /** Newest first. */
  releasedYears: number[];
}

const yearQuery = (year: number | undefined) => (year === undefined ? '' : `?year=${year}`);

/** The state has one set of values, so its route names no id. */
const indicatorsPath = (level: OutcomeLevel, organisationId: string) =>
  level === 'state' ? '/public/state/indicators' : `/public/${level}s/${encodeURIComponent(organisationId)}/indicators`;

export function getOrganisationIndicators(level: OutcomeLevel, organisationId: string, year: number | undefined, signal: AbortSignal): Promise<PublicOrganisationIndicators> {
  return getJson(`${indicatorsPath(level, organisationId)}${yearQuery(year)}`, signal);
}

export function getIndicatorDictionary(signal: AbortSignal): Promise<IndicatorDictionary> {
  return getJson('/public/indicators', signal);
}

/** The open-data CSV of a school's, district's or the state's released values for a year. */
export function organisationIndicatorsCsvUrl(level: OutcomeLevel, organisationId: string, year: number): string {
  return `${indicatorsPath(level, organisationId)}?year=${year}&format=csv`;
}
