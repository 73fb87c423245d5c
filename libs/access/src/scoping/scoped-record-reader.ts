import { type ContractEntry, ContractRegistry, parseJsonPointer } from '@lantern/contracts';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { type Principal, Role } from '@lantern/governance';
import { type HistoryRow, type StoredVersion, toStoredVersion } from '@lantern/persistence';
import type { DataSource } from 'typeorm';

const ENROLMENT_CONTRACT = 'edfi.studentSchoolAssociation';
const SCHOOL_CONTRACT = 'edfi.school';

/**
 * The set of children whose records a principal may read, as a SQL condition on one
 * `record_history` row aliased `h`. Values travel as parameters; the text is fixed here.
 */
interface StudentScope {
  /** SQL condition; `$n` placeholders start after the query's own parameters. */
  condition(contract: ContractEntry, firstParameter: number): { sql: string; parameters: unknown[] };
}

/**
 * The current (upsert) version of one record, as a subquery. OFFSET 0 keeps the planner from
 * flattening it into a join, so the natural key reaches the view's (contract, natural key)
 * index instead of the view ranking every version of the contract.
 */
function currentRecord(contractId: string, naturalKeySql: string): string {
  return `(SELECT latest.record FROM record_history latest
            WHERE latest.contract_id = '${contractId}' AND latest.natural_key = ${naturalKeySql}
              AND latest.is_latest AND latest.operation = 'upsert' OFFSET 0)`;
}

const EVERY_RECORD: StudentScope = { condition: () => ({ sql: 'TRUE', parameters: [] }) };

/** An enrolment (a current StudentSchoolAssociation aliased `enrolment`) is current while it has no exitWithdrawDate before `today`. */
function enrolmentIsCurrent(today: string): string {
  return `(enrolment.record ->> 'exitWithdrawDate' IS NULL OR (enrolment.record ->> 'exitWithdrawDate')::date >= ${today})`;
}

/** The school and district of one current enrolment. */
export interface CurrentEnrolment {
  studentUniqueId: string;
  schoolId: string;
  /** The district the school's current School record names; null while no School record names one. */
  districtId: string | null;
}

/**
 * Where these students (by Ed-Fi studentUniqueId) are currently enrolled, as of `asOf` (the
 * hub's local date): the same notion of "current" the organisation scope uses.
 */
export async function currentEnrolments(dataSource: DataSource, studentUniqueIds: readonly string[], asOf: Date = new Date()): Promise<CurrentEnrolment[]> {
  if (studentUniqueIds.length === 0) return [];
  const rows: Array<{ student_unique_id: string; school_id: string; district_id: string | null }> = await dataSource.query(
    `SELECT DISTINCT enrolment.record #>> '{studentReference,studentUniqueId}' AS student_unique_id,
            enrolment.record #>> '{schoolReference,schoolId}' AS school_id,
            school.record #>> '{localEducationAgencyReference,localEducationAgencyId}' AS district_id
       FROM (SELECT DISTINCT v.natural_key FROM record_version v
              WHERE v.contract_id = '${ENROLMENT_CONTRACT}'
                AND v.record #>> '{studentReference,studentUniqueId}' = ANY($1::text[])) enrolment_key
      CROSS JOIN LATERAL ${currentRecord(ENROLMENT_CONTRACT, 'enrolment_key.natural_key')} enrolment
       LEFT JOIN LATERAL ${currentRecord(SCHOOL_CONTRACT, `'[' || (enrolment.record #>> '{schoolReference,schoolId}') || ']'`)} school ON TRUE
      WHERE ${enrolmentIsCurrent('$2::date')}
      ORDER BY school_id, student_unique_id`,
    [studentUniqueIds, localDate(asOf)],
  );
  return rows.map((row) => ({ studentUniqueId: row.student_unique_id, schoolId: row.school_id, districtId: row.district_id }));
}

/**
 * Students currently enrolled in the principal's school, or in any school of its district:
 * the current version of an Ed-Fi StudentSchoolAssociation names the school, and has no
 * exitWithdrawDate before today. A district's schools are those whose current School record
 * names the district as its local education agency.
 */
function enrolledStudents(principal: Principal, asOf: string): StudentScope {
  return {
    condition(contract, first) {
      // Only K-12 records name a child by studentUniqueId; other domains are not the school's to read.
      if (contract.domain !== 'k12' || !contract.person) return { sql: 'FALSE', parameters: [] };
      const [studentPath, organization, today] = [`$${first}::text[]`, `$${first + 1}`, `$${first + 2}::date`];
      const schoolOfEnrolment = `enrolment.record #>> '{schoolReference,schoolId}'`;
      const inOrganization =
        principal.role === Role.School
          ? `${schoolOfEnrolment} = ${organization}`
          : `EXISTS (SELECT 1 FROM ${currentRecord(SCHOOL_CONTRACT, `'[' || (${schoolOfEnrolment}) || ']'`)} school
                      WHERE school.record #>> '{localEducationAgencyReference,localEducationAgencyId}' = ${organization})`;
      // The student's enrolments are found through an expression index on record_version;
      // whether each is current is then the record_history view's decision, so "current"
      // keeps one definition.
      const sql = `EXISTS (
        SELECT 1
          FROM (SELECT DISTINCT v.natural_key FROM record_version v
                 WHERE v.contract_id = '${ENROLMENT_CONTRACT}'
                   AND v.record #>> '{studentReference,studentUniqueId}' = h.record #>> ${studentPath}) enrolment_key
         CROSS JOIN LATERAL ${currentRecord(ENROLMENT_CONTRACT, 'enrolment_key.natural_key')} enrolment
         WHERE ${enrolmentIsCurrent(today)}
           AND ${inOrganization})`;
      return { sql, parameters: [parseJsonPointer(contract.person.localId), principal.organizationId, asOf] };
    },
  };
}

/**
 * Reads stored records through the caller's organisation scope (after twenty's
 * workspace-scoped repository): the only way to get a reader is `for(principal)`, and every
 * query it runs carries the principal's scope, so an unscoped read cannot be written by
 * accident. A record outside the scope is indistinguishable from one that does not exist.
 */
export class ScopedRecordReader {
  private readonly registry = ContractRegistry.default();

  private constructor(
    private readonly dataSource: DataSource,
    private readonly scope: StudentScope,
  ) {}

  /**
   * Stewards read every record; schools and districts the records of their currently
   * enrolled students (as of `asOf`, the hub's local date); researchers and agencies read no
   * individual records at all (they receive extracts and notices under agreements).
   */
  static for(principal: Principal, dataSource: DataSource, asOf: Date = new Date()): ScopedRecordReader {
    switch (principal.role) {
      case Role.Steward:
        return new ScopedRecordReader(dataSource, EVERY_RECORD);
      case Role.School:
      case Role.District:
        return new ScopedRecordReader(dataSource, enrolledStudents(principal, localDate(asOf)));
      default:
        throw new LanternError(LanternErrorCode.Forbidden, 'This client may not read individual records.');
    }
  }

  /** The current version of a record from each source system that holds it, if the principal may see it. */
  async current(contractId: string, naturalKey: string): Promise<StoredVersion[]> {
    const contract = this.registry.contract(contractId);
    const scope = this.scope.condition(contract, 3);
    const rows: HistoryRow[] = await this.dataSource.query(
      `SELECT h.* FROM record_history h
        WHERE h.contract_id = $1 AND h.natural_key = $2 AND h.is_latest AND h.operation = 'upsert'
          AND ${scope.sql}
        ORDER BY h.source_system`,
      [contract.id, naturalKey, ...scope.parameters],
    );
    return rows.map(toStoredVersion);
  }
}

/** YYYY-MM-DD in the hub's time zone (TZ): the day a school's exit date is compared with. */
function localDate(instant: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}
