// The public API as the pages call it: every route and answer is typed by the OpenAPI document
// (apps/api/openapi.json → generated/hub-api.ts, `npm run openapi`), so a route whose shape
// changes fails the web app's type check until the pages follow.
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/hub-api';

type Schemas = components['schemas'];

export type PublicSchool = Schemas['PublicSchool'];
export type PublicSchoolPage = Schemas['PublicSchoolPage'];
/** One released value; withheld ones carry `n: null, value: null` and their reason, coded rates their bound. */
export type PublicIndicatorValue = Schemas['PublicIndicatorValue'];
export type WithheldReason = NonNullable<PublicIndicatorValue['reason']>;
export type PublicPlanGoal = Schemas['PublicPlanGoal'];
export type PublicOrganisationIndicators = Schemas['PublicOrganisationIndicators'];
export type IndicatorDictionary = Schemas['IndicatorDictionary'];
/** Whose released values a page shows: a school, a district, or the state (whose organisation id is `state`). */
export type OutcomeLevel = PublicOrganisationIndicators['level'];

type SchoolSearchQuery = NonNullable<paths['/public/schools']['get']['parameters']['query']>;
/** What a search asks for: the same names as the page's own query string and the API's (the page number as the address has it). */
export type SchoolSearchParameters = Omit<SchoolSearchQuery, 'page'> & { page?: string };

/** An answer other than 2xx; 404 is told apart, since the pages say "not found" for it. */
export class ApiError extends Error {
  constructor(readonly status: number) {
    super(`the API answered ${status}`);
  }
}

// Only JSON answers: the CSV downloads are links (organisationIndicatorsCsvUrl).
const hub = createClient<paths, 'application/json'>({ headers: { accept: 'application/json' } });

function answerOf<T>({ data, response }: { data?: T; response: Response }): T {
  if (!response.ok || data === undefined) throw new ApiError(response.status);
  return data;
}

export async function searchSchools(parameters: SchoolSearchParameters, signal: AbortSignal): Promise<PublicSchoolPage> {
  const { page, ...words } = parameters;
  // Empty fields are left out, as the page's own address leaves them out.
  const query: SchoolSearchQuery = { ...Object.fromEntries(Object.entries(words).filter((entry) => !!entry[1])), ...(page ? { page: Number(page) } : {}) };
  return answerOf(await hub.GET('/public/schools', { params: { query }, signal }));
}

export async function getSchool(schoolId: string, signal: AbortSignal): Promise<PublicSchool> {
  return answerOf(await hub.GET('/public/schools/{schoolId}', { params: { path: { schoolId } }, signal }));
}

export async function getOrganisationIndicators(level: OutcomeLevel, organisationId: string, year: number | undefined, signal: AbortSignal): Promise<PublicOrganisationIndicators> {
  const query = year === undefined ? {} : { year };
  // The state has one set of values, so its route names no id.
  if (level === 'state') return answerOf(await hub.GET('/public/state/indicators', { params: { query }, signal }));
  if (level === 'district') return answerOf(await hub.GET('/public/districts/{districtId}/indicators', { params: { path: { districtId: organisationId }, query }, signal }));
  return answerOf(await hub.GET('/public/schools/{schoolId}/indicators', { params: { path: { schoolId: organisationId }, query }, signal }));
}

export async function getIndicatorDictionary(signal: AbortSignal): Promise<IndicatorDictionary> {
  return answerOf(await hub.GET('/public/indicators', { signal }));
}

/** The open-data CSV of a school's, district's or the state's released values for a year: those of the given indicators (one section of a page). */
export function organisationIndicatorsCsvUrl(level: OutcomeLevel, organisationId: string, year: number, indicators: readonly string[]): string {
  const path = level === 'state' ? '/public/state/indicators' : `/public/${level}s/${encodeURIComponent(organisationId)}/indicators`;
  return `${path}?${new URLSearchParams({ year: String(year), indicators: indicators.join(','), format: 'csv' })}`;
}
