import type { EntityManager } from 'typeorm';
import { type HistoryRow, type StoredVersion, toStoredVersion } from './stored-version';

/** Anything that runs SQL: a DataSource, or the EntityManager of the caller's transaction. */
export type Queryable = Pick<EntityManager, 'query'>;

const ENROLMENT_CONTRACT = 'edfi.studentSchoolAssociation';
const SCHOOL_CONTRACT = 'edfi.school';

/**
 * The one rule for "which SID does this record belong to": the SID of its own source's person,
 * read from the identity service's published crosswalk by (source system, person local id).
 * Never another source's person with the same local id: a source that names a child only by the
 * statewide studentUniqueId gets its own crosswalk row from an identity decision first.
 * `record` is the record_version alias, `person` the alias this join gives the crosswalk row.
 */
export function ownPersonJoin(record: string, person: string, crosswalk = 'crosswalk'): string {
  return `JOIN ${crosswalk} ${person} ON ${person}.source_system = ${record}.source_system AND ${person}.local_id = ${record}.person_local_id`;
}

/** The one rule for "current": the version the marker names, and not a deletion. */
export function isCurrentRecord(record: string): string {
  return `${record}.is_current AND ${record}.operation = 'upsert'`;
}

/** Whose records a read may return. */
export type RecordScope =
  | { kind: 'every-record' }
  /** Records of children with a current enrolment at the school (or in any school of the district), as of the hub's local date. */
  | { kind: 'enrolled-at'; school: string; asOf: LocalDate }
  | { kind: 'enrolled-in-district'; district: string; asOf: LocalDate };

/** A day as YYYY-MM-DD in the hub's time zone (care-rules' `localDateOf` makes one): what a school's exit date is compared with. */
export type LocalDate = string;

/** The school and district of one current enrolment. */
export interface CurrentEnrolment {
  sourceSystem: string;
  studentUniqueId: string;
  schoolId: string;
  /** The district the school's current School record names; null while no School record names one. */
  districtId: string | null;
}

/** A current enrolment at a school, with the SID it belongs to. */
export interface EnrolmentAtSchool {
  sid: string;
  sourceSystem: string;
  studentUniqueId: string;
  schoolId: string;
  entryDate: LocalDate;
  exitWithdrawDate: LocalDate | null;
}

/**
 * The read side of the records: current versions, the SID a record belongs to, and a person's
 * current enrolments. Every reader of stored records (scoped reads, care notices, identity
 * review, extracts) asks here, so each rule is written once.
 */
export class RecordsReadModel {
  constructor(private readonly database: Queryable) {}

  /**
   * The district each source's current School record gives each of these schools: who may
   * publish about a school (libs/ingest's organisation authority).
   */
  async schoolClaims(schoolIds: readonly string[]): Promise<Array<{ schoolId: string; sourceSystem: string; districtId: string | null }>> {
    if (schoolIds.length === 0) return [];
    const rows: Array<{ school_id: string; source_system: string; district_id: string | null }> = await this.database.query(
      `SELECT school.record ->> 'schoolId' AS school_id, school.source_system, ${districtOfSchoolRecord('school')} AS district_id
         FROM record_version school
        WHERE school.contract_id = '${SCHOOL_CONTRACT}' AND school.natural_key = ANY($1::text[]) AND ${isCurrentRecord('school')}`,
      [schoolIds.map((id) => `[${id}]`)],
    );
    return rows.map((row) => ({ schoolId: row.school_id, sourceSystem: row.source_system, districtId: row.district_id }));
  }

  /** The current version of every record about the person, whichever source sent it. */
  async currentRecordsOf(sid: string): Promise<StoredVersion[]> {
    const rows: HistoryRow[] = await this.database.query(
      `SELECT v.*, v.event_time AS valid_from, NULL::timestamptz AS valid_to
         FROM crosswalk person
        CROSS JOIN LATERAL ${recordsOfPerson('person', 'v')}
        WHERE person.sid = $1 AND ${isCurrentRecord('v')}
        ORDER BY v.contract_id, v.source_system, v.event_time`,
      [sid],
    );
    return rows.map(toStoredVersion);
  }

  /**
   * Where the person is enrolled now: current StudentSchoolAssociations that belong to the SID
   * and have no exitWithdrawDate before `asOf` (the hub's local date), each with the district
   * its school's current School record names.
   */
  async currentEnrolmentsOf(sid: string, asOf: LocalDate): Promise<CurrentEnrolment[]> {
    const rows: Array<{ source_system: string; student_unique_id: string; school_id: string; district_id: string | null }> = await this.database.query(
      `SELECT DISTINCT enrolment.source_system, enrolment.record #>> '{studentReference,studentUniqueId}' AS student_unique_id,
              enrolment.record #>> '{schoolReference,schoolId}' AS school_id, ${districtOfSchool('enrolment')} AS district_id
         FROM crosswalk person
        CROSS JOIN LATERAL ${recordsOfPerson('person', 'enrolment')}
        WHERE person.sid = $1 AND enrolment.contract_id = '${ENROLMENT_CONTRACT}' AND ${isCurrentRecord('enrolment')} AND ${enrolmentIsCurrent('enrolment', '$2::date')}
        ORDER BY school_id, enrolment.source_system`,
      [sid, asOf],
    );
    return rows.map((row) => ({ sourceSystem: row.source_system, studentUniqueId: row.student_unique_id, schoolId: row.school_id, districtId: row.district_id }));
  }

  /**
   * Every current enrolment at these schools as of `asOf` (the hub's local date), by the one rule
   * of currentEnrolmentsOf, with the SID it belongs to: who a school's or district's list may hold.
   */
  async currentEnrolmentsAt(schoolIds: readonly string[], asOf: LocalDate): Promise<EnrolmentAtSchool[]> {
    if (schoolIds.length === 0) return [];
    const rows: Array<{ sid: string; source_system: string; student_unique_id: string; school_id: string; entry_date: string; exit_date: string | null }> = await this.database.query(
      `SELECT person.sid, enrolment.source_system, enrolment.record #>> '{studentReference,studentUniqueId}' AS student_unique_id,
              enrolment.record #>> '{schoolReference,schoolId}' AS school_id, enrolment.record ->> 'entryDate' AS entry_date, enrolment.record ->> 'exitWithdrawDate' AS exit_date
         FROM record_version enrolment
         ${ownPersonJoin('enrolment', 'person')}
        WHERE enrolment.contract_id = '${ENROLMENT_CONTRACT}' AND ${isCurrentRecord('enrolment')} AND ${enrolmentIsCurrent('enrolment', '$2::date')}
          AND enrolment.record #>> '{schoolReference,schoolId}' = ANY($1::text[])
        ORDER BY school_id, person.sid, entry_date, enrolment.source_system`,
      [schoolIds, asOf],
    );
    return rows.map((row) => ({
      sid: row.sid,
      sourceSystem: row.source_system,
      studentUniqueId: row.student_unique_id,
      schoolId: row.school_id,
      entryDate: row.entry_date,
      exitWithdrawDate: row.exit_date,
    }));
  }

  /** The current records of these contracts that belong to these SIDs, whichever source sent them. */
  async currentRecordsOfPeople(sids: readonly string[], contractIds: readonly string[]): Promise<Array<{ sid: string; contractId: string; record: unknown }>> {
    if (sids.length === 0 || contractIds.length === 0) return [];
    const rows: Array<{ sid: string; contract_id: string; record: unknown }> = await this.database.query(
      `SELECT person.sid, v.contract_id, v.record
         FROM crosswalk person
        CROSS JOIN LATERAL ${recordsOfPerson('person', 'v')}
        WHERE person.sid = ANY($1::text[]) AND v.contract_id = ANY($2::text[]) AND ${isCurrentRecord('v')}
        ORDER BY person.sid, v.contract_id, v.event_time, v.id`,
      [sids, contractIds],
    );
    return rows.map((row) => ({ sid: row.sid, contractId: row.contract_id, record: row.record }));
  }

  /** The current version of a record from each source system that holds it, within the scope. */
  async current(contractId: string, naturalKey: string, scope: RecordScope): Promise<StoredVersion[]> {
    const condition = scopeCondition(scope, 3);
    const rows: HistoryRow[] = await this.database.query(
      `SELECT h.*, h.event_time AS valid_from, NULL::timestamptz AS valid_to FROM record_version h
        WHERE h.contract_id = $1 AND h.natural_key = $2 AND ${isCurrentRecord('h')}
          AND ${condition.sql}
        ORDER BY h.source_system`,
      [contractId, naturalKey, ...condition.parameters],
    );
    return rows.map(toStoredVersion);
  }

  /** Every school's district, as its current School record names it (null when it names none). */
  async schoolDistricts(): Promise<Map<string, string | null>> {
    const rows: Array<{ school: string; district: string | null }> = await this.database.query(
      `SELECT DISTINCT ON (v.record ->> 'schoolId') v.record ->> 'schoolId' AS school, v.record #>> '{localEducationAgencyReference,localEducationAgencyId}' AS district
         FROM record_version v WHERE v.contract_id = '${SCHOOL_CONTRACT}' AND ${isCurrentRecord('v')}
        ORDER BY v.record ->> 'schoolId', v.event_time DESC, v.id DESC`,
    );
    return new Map(rows.map((row) => [row.school, row.district]));
  }
}

/**
 * The crosswalk rows (source_system, local_id, sid) of the SIDs listed in table `sidsIn`, as SQL
 * for a set-based reader to keep in a table of its own and pass to currentPersonRecordsSql as
 * `ownPersons`: each read of records then joins that one table, not the crosswalk and the list.
 */
export function ownPersonsOfSql(sidsIn: string): string {
  return `SELECT person.source_system, person.local_id, person.sid FROM crosswalk person JOIN ${sqlIdentifier(sidsIn)} sids_in ON sids_in.sid = person.sid`;
}

/**
 * The current versions of one contract's records with the SID each belongs to, as SQL for a
 * set-based reader (research extracts) to select from: columns `sid`, `event_time`, `period`
 * (the contract's period date, else the event time) and the given columns (SQL over `v.record`).
 * With `sidsIn`, only SIDs listed in that table's `sid` column (the columns may read its other
 * columns as `sids_in`); with `ownPersons`, only the persons in that table, made from
 * ownPersonsOfSql; with `projectFirst`, the columns
 * are computed before the caller sorts (for a caller that sorts, and filters only on them).
 */
export function currentPersonRecordsSql(options: {
  contractId: string;
  periodField?: string;
  columns?: readonly string[];
  sidsIn?: string;
  ownPersons?: string;
  projectFirst?: boolean;
}): string {
  const { contractId, periodField, columns = ['v.record AS record'], sidsIn, ownPersons, projectFirst } = options;
  const period = periodField ? `coalesce((v.record ->> ${sqlLiteral(periodField)})::date, v.event_time::date)` : 'v.event_time::date';
  // OFFSET 0 keeps the planner from flattening the query into the caller's: the columns are
  // computed before a caller's sort, which then carries them rather than whole records, and a
  // caller's filter on a record field (whose selectivity the planner cannot know) no longer
  // talks it into probing the crosswalk by index once per record of a million.
  return `SELECT person.sid, v.event_time, ${period} AS period, ${columns.join(', ')}
            FROM record_version v
            ${ownPersonJoin('v', 'person', ownPersons ? sqlIdentifier(ownPersons) : undefined)}
            ${sidsIn ? `JOIN ${sqlIdentifier(sidsIn)} sids_in ON sids_in.sid = person.sid` : ''}
           WHERE v.contract_id = ${sqlLiteral(contractId)} AND ${isCurrentRecord('v')}${projectFirst ? ' OFFSET 0' : ''}`;
}

/**
 * A person's stored records, as a lateral subquery: the person's crosswalk rows drive the
 * lookup by index whatever the planner's statistics say. OFFSET 0 keeps it from being flattened
 * into a join, which on a freshly loaded table tempts the planner to scan every record of a
 * contract and probe the crosswalk for each.
 */
function recordsOfPerson(person: string, alias: string): string {
  return `(SELECT * FROM record_version r WHERE r.person_local_id = ${person}.local_id AND r.source_system = ${person}.source_system OFFSET 0) ${alias}`;
}

/** The SQL condition of a scope on one record_version row aliased `h`; `$n` placeholders start at `first`. */
function scopeCondition(scope: RecordScope, first: number): { sql: string; parameters: unknown[] } {
  if (scope.kind === 'every-record') return { sql: 'TRUE', parameters: [] };
  const [organization, today] = [`$${first}`, `$${first + 1}::date`];
  const schoolOfEnrolment = `enrolment.record #>> '{schoolReference,schoolId}'`;
  const inOrganization = scope.kind === 'enrolled-at' ? `${schoolOfEnrolment} = ${organization}` : `${districtOfSchool('enrolment')} = ${organization}`;
  // The record's own person, every source's entry for the same SID, and their current enrolments.
  const sql = `EXISTS (
    SELECT 1
      FROM crosswalk own
      JOIN crosswalk same ON same.sid = own.sid
     CROSS JOIN LATERAL ${recordsOfPerson('same', 'enrolment')}
     WHERE own.source_system = h.source_system AND own.local_id = h.person_local_id
       AND enrolment.contract_id = '${ENROLMENT_CONTRACT}' AND ${isCurrentRecord('enrolment')}
       AND ${enrolmentIsCurrent('enrolment', today)}
       AND ${inOrganization})`;
  return { sql, parameters: [scope.kind === 'enrolled-at' ? scope.school : scope.district, scope.asOf] };
}

/** An enrolment is current while it has no exitWithdrawDate before `today`. */
function enrolmentIsCurrent(enrolment: string, today: string): string {
  return `(${enrolment}.record ->> 'exitWithdrawDate' IS NULL OR (${enrolment}.record ->> 'exitWithdrawDate')::date >= ${today})`;
}

/** The district a School record names. */
function districtOfSchoolRecord(school: string): string {
  return `${school}.record #>> '{localEducationAgencyReference,localEducationAgencyId}'`;
}

/** The district the current School record of an enrolment's school names (a scalar subquery). */
function districtOfSchool(enrolment: string): string {
  return `(SELECT ${districtOfSchoolRecord('school')} FROM record_version school
            WHERE school.contract_id = '${SCHOOL_CONTRACT}' AND school.natural_key = '[' || (${enrolment}.record #>> '{schoolReference,schoolId}') || ']'
              AND ${isCurrentRecord('school')}
            ORDER BY school.source_system LIMIT 1)`;
}

/** A contract id or field name in SQL text: callers pass catalogue names, checked here again. */
function sqlLiteral(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9.]*$/.test(name)) throw new Error(`not a contract or field name: ${name}`);
  return `'${name}'`;
}

function sqlIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a table name: ${name}`);
  return name;
}
