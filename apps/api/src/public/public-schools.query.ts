import { Injectable } from '@nestjs/common';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { type DirectorySchool, SchoolDirectory, type SchoolSearch, type SchoolSearchPage } from '@lantern/records';
import { HubConnections } from '../hub-connections';

/** Schools per page of search results. */
export const SCHOOLS_PER_PAGE = 20;
const SEARCH_PARAMETERS = ['q', 'district', 'city', 'page'];
const EDUCATION_ORGANIZATION_ID = /^[1-9][0-9]{0,15}$/;
const PAGE = /^[1-9][0-9]{0,3}$/;

const invalid = (detail: string) => new LanternError(LanternErrorCode.InvalidRequest, detail);

/** Text a person typed: trimmed, absent when empty, bounded so a query stays cheap. */
function typedText(value: string | undefined, name: string, maxLength: number): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (text.length > maxLength) throw invalid(`${name} must be at most ${maxLength} characters.`);
  return text;
}

/** GET /public/schools: the query string as a directory search. */
export function schoolSearchOf(query: Record<string, string | undefined>): SchoolSearch {
  if (Object.keys(query).some((name) => !SEARCH_PARAMETERS.includes(name))) throw invalid(`The query parameters are ${SEARCH_PARAMETERS.join(', ')}; no others.`);
  if (query.district !== undefined && !EDUCATION_ORGANIZATION_ID.test(query.district)) throw invalid('district must be a district id (digits).');
  if (query.page !== undefined && !PAGE.test(query.page)) throw invalid('page must be a whole number from 1 to 9999.');
  return {
    text: typedText(query.q, 'q', 100),
    districtId: query.district,
    city: typedText(query.city, 'city', 30),
    page: Number(query.page ?? 1),
    pageSize: SCHOOLS_PER_PAGE,
  };
}

/** The public school directory (no sign-in): schools and districts only, never a record about a person. */
@Injectable()
export class PublicSchoolsQuery {
  private readonly directory: SchoolDirectory;

  constructor(connections: HubConnections) {
    this.directory = new SchoolDirectory(connections.dataSource);
  }

  async search(query: Record<string, string | undefined>): Promise<SchoolSearchPage & { page: number; pageSize: number }> {
    const search = schoolSearchOf(query);
    return { page: search.page, pageSize: search.pageSize, ...(await this.directory.search(search)) };
  }

  async school(schoolId: string): Promise<DirectorySchool> {
    const school = EDUCATION_ORGANIZATION_ID.test(schoolId) ? await this.directory.school(schoolId) : undefined;
    if (!school) throw new LanternError(LanternErrorCode.RecordNotFound, 'No school with that id.');
    return school;
  }
}
