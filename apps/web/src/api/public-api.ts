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
