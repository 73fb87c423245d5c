import type { Queryable } from './records-read-model';

const SCHOOL_CONTRACT = 'edfi.school';
const DISTRICT_CONTRACT = 'edfi.localEducationAgency';

/** A school as the public directory shows it: only what its School record and its district's record say about the organisation. */
export interface DirectorySchool {
  schoolId: string;
  name: string;
  shortName: string | null;
  /** The district the School record names; its name is null until the district's own record has arrived. */
  district: { districtId: string; name: string | null } | null;
  /** The physical address when the record gives one, else its first address. */
  address: { streetNumberName: string; apartmentRoomSuiteNumber: string | null; city: string; state: string; postalCode: string } | null;
  /** Ed-Fi grade level code values ("Ninth grade"), as the School record lists them. */
  gradeLevels: string[];
  webSite: string | null;
}

export interface SchoolSearch {
  /** Words in the school's name or short name, its district's name, or its city (case-insensitive). */
  text?: string;
  districtId?: string;
  /** A city, matched whole (case-insensitive). */
  city?: string;
  /** From 1. */
  page: number;
  pageSize: number;
}

export interface SchoolSearchPage {
  schools: DirectorySchool[];
  /** Schools matching the search, over all pages. */
  total: number;
}

interface SchoolRow {
  school: SchoolRecord;
  district_name: string | null;
  total: string;
}

interface SchoolRecord {
  schoolId: number;
  nameOfInstitution: string;
  shortNameOfInstitution?: string;
  gradeLevels: Array<{ gradeLevelDescriptor: string }>;
  localEducationAgencyReference?: { localEducationAgencyId: number };
  addresses?: Array<{ addressTypeDescriptor: string; streetNumberName: string; apartmentRoomSuiteNumber?: string; city: string; stateAbbreviationDescriptor: string; postalCode: string }>;
  webSite?: string;
}

/**
 * The public school directory: schools and their districts from the current School and
 * LocalEducationAgency records. It reads those two contracts and nothing else, so no record
 * about a person can reach a public page through it. When several sources hold a school, the
 * version with the latest event time speaks for it.
 */
export class SchoolDirectory {
  constructor(private readonly database: Queryable) {}

  async search(search: SchoolSearch): Promise<SchoolSearchPage> {
    const parameters: unknown[] = [];
    const parameter = (value: unknown) => `$${parameters.push(value)}`;
    const conditions: string[] = [];
    if (search.text !== undefined) {
      const pattern = parameter(`%${escapeLike(search.text)}%`);
      conditions.push(`(s.record ->> 'nameOfInstitution' ILIKE ${pattern} OR s.record ->> 'shortNameOfInstitution' ILIKE ${pattern}
                        OR d.record ->> 'nameOfInstitution' ILIKE ${pattern} OR ${anyAddress('s', `address ->> 'city' ILIKE ${pattern}`)})`);
    }
    if (search.districtId !== undefined) conditions.push(`${districtIdOf('s')} = ${parameter(search.districtId)}`);
    if (search.city !== undefined) conditions.push(anyAddress('s', `lower(address ->> 'city') = lower(${parameter(search.city)})`));
    const rows: SchoolRow[] = await this.database.query(
      `${directorySql()}
       WHERE ${conditions.length > 0 ? conditions.join(' AND ') : 'TRUE'}
       ORDER BY s.record ->> 'nameOfInstitution', s.natural_key
       LIMIT ${parameter(search.pageSize)} OFFSET ${parameter((search.page - 1) * search.pageSize)}`,
      parameters,
    );
    // A page past the end has no rows to carry the total: count it on its own then.
    const total = rows.length > 0 || search.page === 1 ? Number(rows[0]?.total ?? 0) : await this.count(conditions, parameters.slice(0, -2));
    return { schools: rows.map(toDirectorySchool), total };
  }

  /** The school with this id (digits, as Ed-Fi writes it), or undefined when no current School record has it. */
  async school(schoolId: string): Promise<DirectorySchool | undefined> {
    const rows: SchoolRow[] = await this.database.query(`${directorySql()} WHERE s.natural_key = $1`, [`[${schoolId}]`]);
    return rows.length > 0 ? toDirectorySchool(rows[0]) : undefined;
  }

  private async count(conditions: string[], parameters: unknown[]): Promise<number> {
    const [row]: Array<{ total: string }> = await this.database.query(
      `SELECT count(*) AS total FROM (${directorySql()} WHERE ${conditions.length > 0 ? conditions.join(' AND ') : 'TRUE'}) matching`,
      parameters,
    );
    return Number(row.total);
  }
}

/** Current School records, one per school, each with its district's current record (`d`, possibly absent). */
function directorySql(): string {
  return `WITH s AS (${latestCurrent(SCHOOL_CONTRACT)}), d AS (${latestCurrent(DISTRICT_CONTRACT)})
          SELECT s.record AS school, d.record ->> 'nameOfInstitution' AS district_name, count(*) OVER () AS total
            FROM s LEFT JOIN d ON d.record ->> 'localEducationAgencyId' = ${districtIdOf('s')}`;
}

/** One current version per record of the contract, the latest by event time whichever source sent it. */
function latestCurrent(contractId: string): string {
  return `SELECT DISTINCT ON (v.natural_key) v.natural_key, v.record FROM record_version v
           WHERE v.contract_id = '${contractId}' AND v.is_current AND v.operation = 'upsert'
           ORDER BY v.natural_key, v.event_time DESC, v.id DESC`;
}

function districtIdOf(school: string): string {
  return `${school}.record #>> '{localEducationAgencyReference,localEducationAgencyId}'`;
}

function anyAddress(school: string, condition: string): string {
  return `EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(${school}.record -> 'addresses', '[]'::jsonb)) address WHERE ${condition})`;
}

/** The caller's text matches literally: LIKE's wildcards and escape character lose their meaning. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** An Ed-Fi descriptor's code value: the part after '#'. */
function codeValue(descriptor: string): string {
  return descriptor.slice(descriptor.indexOf('#') + 1);
}

function toDirectorySchool(row: SchoolRow): DirectorySchool {
  const { school } = row;
  const address = school.addresses?.find((candidate) => codeValue(candidate.addressTypeDescriptor) === 'Physical') ?? school.addresses?.[0];
  const districtId = school.localEducationAgencyReference?.localEducationAgencyId;
  return {
    schoolId: String(school.schoolId),
    name: school.nameOfInstitution,
    shortName: school.shortNameOfInstitution ?? null,
    district: districtId === undefined ? null : { districtId: String(districtId), name: row.district_name },
    address: address
      ? {
          streetNumberName: address.streetNumberName,
          apartmentRoomSuiteNumber: address.apartmentRoomSuiteNumber ?? null,
          city: address.city,
          state: codeValue(address.stateAbbreviationDescriptor),
          postalCode: address.postalCode,
        }
      : null,
    gradeLevels: school.gradeLevels.map((grade) => codeValue(grade.gradeLevelDescriptor)),
    webSite: school.webSite ?? null,
  };
}
