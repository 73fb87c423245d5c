import type { AuditLog } from '@lantern/audit';
import type { PublishedCell } from '@lantern/disclosure-control';
import type { GoalProgress, IndicatorValue, Level, PlanGoal, PublishedIndicatorValue } from '@lantern/outcomes';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

/** Values inserted per statement. */
const INSERT_BATCH = 5_000;
/** How long a worker holds a claimed run request before another may take it over. */
const REQUEST_LEASE = '30 minutes';

export interface StoredValue {
  value: IndicatorValue;
  published: PublishedCell;
}
export type StoredPlanGoal = GoalProgress;

/** What one run of the job computed, before it is stored. */
export interface ComputedRun {
  schoolYear: number;
  snapshotAt: Date;
  /** The highest record version id the snapshot saw. */
  recordsThrough: string;
  students: number;
  /** Counts of the facts read, by name, and the SGP cohort minimum (`sgpMinimumCohort`) the run used. */
  inputs: Record<string, number>;
  values: StoredValue[];
  goals: StoredPlanGoal[];
  counts: { published: number; suppressed: number };
}

export interface RunSummary {
  runId: string;
  schoolYear: number;
  snapshotAt: string;
  recordsThrough: string;
  students: number;
  inputs: Record<string, number>;
  values: number;
  published: number;
  suppressed: number;
  computedAt: string;
  /** Whether this run is what the public sees for its year. */
  released: boolean;
}

/** A value as the public may see it: never the computed number behind a withheld or coded one. */
export interface PublicIndicatorValue {
  indicator: string;
  schoolYear: number;
  level: Level;
  organisationId: string;
  group: string;
  kind: string;
  /** Students (or scores) the value is from; null when withheld. */
  n: number | null;
  /** The value; null when withheld or when there is none. For a coded rate, the bound. */
  value: number | null;
  /** A coded rate: the true value is at least (or at most) `value`. */
  coded: 'at-least' | 'at-most' | null;
  /** Why the value (or n) is not shown as computed. */
  reason: string | null;
}

export interface PublicPlanGoal {
  schoolYear: number;
  schoolId: string;
  goalId: string;
  indicator: string;
  group: string;
  baseline: { schoolYear: number; value: number };
  target: { schoolYear: number; value: number };
  direction: string;
  latest: PublishedIndicatorValue | null;
  status: string;
}

export class OutcomesReleaseError extends Error {}

interface ValueRow {
  indicator: string;
  school_year: number;
  level: Level;
  organisation_id: string;
  student_group: string;
  kind: string;
  published_n: number | null;
  published_value: number | null;
  coded: 'at-least' | 'at-most' | null;
  reason: string | null;
}

/**
 * The outcomes job's runs, values, requests and releases (tables outcome_*). A run is stored once
 * per school year and results: storing the same results again returns the run that holds them.
 * The public reads only released runs, and only the published form of each value.
 */
export class IndicatorStore {
  constructor(private readonly dataSource: DataSource) {}

  async saveRun(run: ComputedRun): Promise<{ runId: string; unchanged: boolean }> {
    const fingerprint = fingerprintOf(run);
    return this.dataSource.transaction(async (manager) => {
      const [inserted]: Array<{ id: string }> = await manager.query(
        `INSERT INTO outcome_run (school_year, snapshot_at, records_through, fingerprint, students, input_counts, value_count, published_count, suppressed_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT ON CONSTRAINT outcome_run_same_results_once DO NOTHING RETURNING id::text`,
        [run.schoolYear, run.snapshotAt, run.recordsThrough, fingerprint, run.students, run.inputs, run.values.length, run.counts.published, run.counts.suppressed],
      );
      if (!inserted) {
        const [existing]: Array<{ id: string }> = await manager.query(`SELECT id::text FROM outcome_run WHERE school_year = $1 AND fingerprint = $2`, [run.schoolYear, fingerprint]);
        return { runId: existing.id, unchanged: true };
      }
      await this.insertValues(manager, inserted.id, run.values);
      for (const goal of run.goals) {
        const { schoolId, goalId, ...rest } = goal.goal;
        await manager.query(`INSERT INTO outcome_plan_goal (run_id, school_id, goal_id, goal, latest, status) VALUES ($1, $2, $3, $4, $5, $6)`, [
          inserted.id,
          schoolId,
          goalId,
          rest,
          goal.latest === null ? null : JSON.stringify(goal.latest),
          goal.status,
        ]);
      }
      return { runId: inserted.id, unchanged: false };
    });
  }

  /** A steward asks for a run; a worker picks it up. */
  async requestRun(schoolYear: number, requestedBy: string): Promise<{ requestId: string }> {
    const [row]: Array<{ id: string }> = await this.dataSource.query(`INSERT INTO outcome_run_request (school_year, requested_by) VALUES ($1, $2) RETURNING id::text`, [
      schoolYear,
      requestedBy,
    ]);
    return { requestId: row.id };
  }

  /** The oldest waiting request (or one whose worker's lease lapsed), claimed for this worker. */
  async claimRequest(): Promise<{ requestId: string; schoolYear: number } | undefined> {
    const [row]: Array<{ id: string; school_year: number }> = await this.dataSource.query(
      // A SELECT around the UPDATE, so the driver answers with the rows alone.
      `WITH claimed AS (
         UPDATE outcome_run_request SET status = 'running', claimed_until = now() + interval '${REQUEST_LEASE}'
          WHERE id = (SELECT id FROM outcome_run_request
                       WHERE status = 'pending' OR (status = 'running' AND claimed_until < now())
                       ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
          RETURNING id::text, school_year)
       SELECT * FROM claimed`,
    );
    return row ? { requestId: row.id, schoolYear: row.school_year } : undefined;
  }

  async finishRequest(requestId: string, outcome: { runId: string } | { failure: string }): Promise<void> {
    if ('runId' in outcome) await this.dataSource.query(`UPDATE outcome_run_request SET status = 'done', run_id = $2 WHERE id = $1`, [requestId, outcome.runId]);
    else await this.dataSource.query(`UPDATE outcome_run_request SET status = 'failed', failure = $2 WHERE id = $1`, [requestId, outcome.failure]);
  }

  async request(requestId: string): Promise<{ requestId: string; schoolYear: number; status: string; runId: string | null; failure: string | null } | undefined> {
    const [row]: Array<{ id: string; school_year: number; status: string; run_id: string | null; failure: string | null }> = await this.dataSource.query(
      `SELECT id::text, school_year, status, run_id::text, failure FROM outcome_run_request WHERE id = $1`,
      [requestId],
    );
    return row && { requestId: row.id, schoolYear: row.school_year, status: row.status, runId: row.run_id, failure: row.failure };
  }

  /** Runs, newest first, each marked when it is the released one of its year. */
  async runs(schoolYear?: number): Promise<RunSummary[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT r.id::text, r.school_year, r.snapshot_at, r.records_through::text, r.students, r.input_counts, r.value_count, r.published_count, r.suppressed_count, r.computed_at,
              r.id IN (SELECT ${RELEASED_RUN('r.school_year')}) AS released
         FROM outcome_run r WHERE $1::smallint IS NULL OR r.school_year = $1 ORDER BY r.id DESC LIMIT 100`,
      [schoolYear ?? null],
    );
    return rows.map((row) => ({
      runId: row.id as string,
      schoolYear: row.school_year as number,
      snapshotAt: (row.snapshot_at as Date).toISOString(),
      recordsThrough: row.records_through as string,
      students: row.students as number,
      inputs: row.input_counts as Record<string, number>,
      values: row.value_count as number,
      published: row.published_count as number,
      suppressed: row.suppressed_count as number,
      computedAt: (row.computed_at as Date).toISOString(),
      released: row.released as boolean,
    }));
  }

  /**
   * A steward releases a run: from now on the public sees its values for its school year, until
   * another release of that year. Audited in the same transaction.
   */
  async release(runId: string, stewardId: string, auditLog: AuditLog): Promise<{ releaseId: string; schoolYear: number; runId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const [run]: Array<{ school_year: number; published_count: number; suppressed_count: number }> = await manager.query(
        `SELECT school_year, published_count, suppressed_count FROM outcome_run WHERE id = $1 FOR SHARE`,
        [runId],
      );
      if (!run) throw new OutcomesReleaseError(`no outcomes run ${runId}`);
      const [release]: Array<{ id: string }> = await manager.query(`INSERT INTO outcome_release (school_year, run_id, approved_by) VALUES ($1, $2, $3) RETURNING id::text`, [
        run.school_year,
        runId,
        stewardId,
      ]);
      await auditLog.append(
        {
          kind: 'outcomes-release',
          actor: stewardId,
          subject: `outcomes:${run.school_year}`,
          details: { releaseId: release.id, runId, schoolYear: run.school_year, published: run.published_count, suppressed: run.suppressed_count },
        },
        manager,
      );
      return { releaseId: release.id, schoolYear: run.school_year, runId };
    });
  }

  /** School years with a release, newest first. */
  async releasedYears(): Promise<number[]> {
    const rows: Array<{ school_year: number }> = await this.dataSource.query(`SELECT DISTINCT school_year FROM outcome_release ORDER BY school_year DESC`);
    return rows.map((row) => row.school_year);
  }

  /** One school's, district's or the state's (organisation id `state`) released values of a year (the latest released year when none is given). */
  async organisationValues(level: Level, organisationId: string, schoolYear?: number): Promise<{ schoolYear: number | null; values: PublicIndicatorValue[] }> {
    const year = schoolYear ?? (await this.releasedYears())[0];
    if (year === undefined) return { schoolYear: null, values: [] };
    const rows: ValueRow[] = await this.dataSource.query(`${PUBLIC_VALUES} AND v.level = $2 AND v.organisation_id = $3 ORDER BY v.indicator, v.student_group`, [year, level, organisationId]);
    return { schoolYear: year, values: rows.map(publicValueOf) };
  }

  /** One indicator's released values of a year at one level, every organisation. */
  async indicatorValues(indicator: string, level: Level, schoolYear?: number): Promise<{ schoolYear: number | null; values: PublicIndicatorValue[] }> {
    const year = schoolYear ?? (await this.releasedYears())[0];
    if (year === undefined) return { schoolYear: null, values: [] };
    const rows: ValueRow[] = await this.dataSource.query(`${PUBLIC_VALUES} AND v.indicator = $2 AND v.level = $3 ORDER BY v.organisation_id, v.student_group`, [year, indicator, level]);
    return { schoolYear: year, values: rows.map(publicValueOf) };
  }

  /** A school's plan goals with their progress, as the released run of the year computed them. */
  async planGoals(schoolId: string, schoolYear: number): Promise<PublicPlanGoal[]> {
    const rows: Array<{ goal_id: string; goal: Omit<PlanGoal, 'schoolId' | 'goalId'>; latest: PublishedIndicatorValue | null; status: string }> = await this.dataSource.query(
      `SELECT g.goal_id, g.goal, g.latest, g.status FROM outcome_plan_goal g WHERE g.run_id = (SELECT ${RELEASED_RUN('$1')}) AND g.school_id = $2 ORDER BY g.goal_id`,
      [schoolYear, schoolId],
    );
    return rows.map((row) => ({
      schoolYear,
      schoolId,
      goalId: row.goal_id,
      indicator: row.goal.indicator,
      group: row.goal.group,
      baseline: row.goal.baseline,
      target: row.goal.target,
      direction: row.goal.direction,
      latest: row.latest,
      status: row.status,
    }));
  }

  /** Released school-level values of years before `beforeYear`, by "school/indicator/group": what plan progress may compare with. */
  async releasedSchoolValues(schoolIds: readonly string[], beforeYear: number): Promise<Map<string, PublishedIndicatorValue[]>> {
    const rows: Array<{ school_year: number; organisation_id: string; indicator: string; student_group: string; published_value: number | null; coded: string | null }> =
      await this.dataSource.query(
        `SELECT r.school_year, v.organisation_id, v.indicator, v.student_group, v.published_value, v.coded
           FROM (SELECT DISTINCT ON (school_year) school_year, run_id FROM outcome_release WHERE school_year < $1 ORDER BY school_year, id DESC) r
           JOIN outcome_value v ON v.run_id = r.run_id
          WHERE v.level = 'school' AND v.organisation_id = ANY($2::text[])
          ORDER BY r.school_year`,
        [beforeYear, [...new Set(schoolIds)]],
      );
    const byKey = new Map<string, PublishedIndicatorValue[]>();
    for (const row of rows) {
      const key = `${row.organisation_id}/${row.indicator}/${row.student_group}`;
      const value: PublishedIndicatorValue =
        row.published_value === null || row.coded !== null ? { schoolYear: row.school_year, withheld: true } : { schoolYear: row.school_year, value: row.published_value };
      (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(value);
    }
    return byKey;
  }

  private async insertValues(manager: EntityManager, runId: string, values: readonly StoredValue[]): Promise<void> {
    for (let start = 0; start < values.length; start += INSERT_BATCH) {
      const batch = values.slice(start, start + INSERT_BATCH);
      const column = <T>(of: (entry: StoredValue) => T) => batch.map(of);
      await manager.query(
        `INSERT INTO outcome_value (run_id, indicator, level, organisation_id, student_group, kind, value, numerator, n, input_counts, published_n, published_value, coded, reason)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::int[], $10::jsonb[], $11::int[], $12::float8[], $13::text[], $14::text[])`,
        [
          runId,
          column(({ value }) => value.indicator),
          column(({ value }) => value.level),
          column(({ value }) => value.entity),
          column(({ value }) => value.group),
          column(({ value }) => value.kind),
          column(({ value }) => finiteOrNull(value.value)),
          column(({ value }) => finiteOrNull(value.numerator)),
          column(({ value }) => value.denominator),
          column(({ value }) => JSON.stringify({ ...value.inputs, ...(value.estimate ? { estimate: value.estimate } : {}) })),
          column(({ published }) => (typeof published.n === 'number' ? published.n : null)),
          column(({ published }) => publishedNumber(published)),
          column(({ published }) => codedOf(published)),
          column(({ published }) => published.reason ?? null),
        ],
      );
    }
  }
}

/** The run the latest release of a school year names, as a subquery's select list. */
const RELEASED_RUN = (schoolYear: string) => `run_id FROM outcome_release WHERE school_year = ${schoolYear} ORDER BY id DESC LIMIT 1`;

const PUBLIC_VALUES = `SELECT v.indicator, $1::int AS school_year, v.level, v.organisation_id, v.student_group, v.kind, v.published_n, v.published_value, v.coded, v.reason
  FROM outcome_value v WHERE v.run_id = (SELECT ${RELEASED_RUN('$1')})`;

function publicValueOf(row: ValueRow): PublicIndicatorValue {
  return {
    indicator: row.indicator,
    schoolYear: row.school_year,
    level: row.level,
    organisationId: row.organisation_id,
    group: row.student_group,
    kind: row.kind,
    n: row.published_n,
    value: row.published_value,
    coded: row.coded,
    reason: row.reason,
  };
}

const finiteOrNull = (value: number | null) => (value !== null && Number.isFinite(value) ? value : null);

function publishedNumber(cell: PublishedCell): number | null {
  const { value } = cell;
  if (typeof value === 'number') return finiteOrNull(value);
  if (value !== null && typeof value === 'object') return 'atLeast' in value ? value.atLeast : value.atMost;
  return null;
}

function codedOf(cell: PublishedCell): 'at-least' | 'at-most' | null {
  const { value } = cell;
  if (value === null || typeof value !== 'object') return null;
  return 'atLeast' in value ? 'at-least' : 'at-most';
}

/**
 * The results' identity: every value as computed and as published, and every goal's progress.
 * Numbers are rounded to 9 significant digits, so a sum taken in another row order is the same.
 */
function fingerprintOf(run: ComputedRun): string {
  const round = (value: number | null) => (value === null || !Number.isFinite(value) ? 'null' : Number(value.toPrecision(9)).toString());
  const lines = run.values.map(
    ({ value, published }) =>
      `${value.indicator}|${value.level}|${value.entity}|${value.group}|${value.denominator}|${round(value.value)}|${round(value.numerator)}|${String(published.n)}|${round(publishedNumber(published))}|${codedOf(published)}|${published.reason ?? ''}`,
  );
  for (const goal of run.goals) lines.push(`goal|${goal.goal.schoolId}|${goal.goal.goalId}|${JSON.stringify(goal.latest)}|${goal.status}`);
  // The SGP cohort minimum the run recorded among its inputs is part of its results: another minimum is another run, even where no cohort lies between the two.
  lines.push(`setting|sgpMinimumCohort|${run.inputs.sgpMinimumCohort ?? ''}`);
  lines.sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
