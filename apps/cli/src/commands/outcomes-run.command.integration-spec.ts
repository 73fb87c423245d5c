import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import { runLantern } from '../testing/run-lantern';

describe('lantern outcomes run (real PostgreSQL)', () => {
  let database: MigratedTestDatabase;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('stores a run of the school year, then reports the same snapshot unchanged', async () => {
    const first = await runLantern(['outcomes', 'run', '--year', '2025'], { DATABASE_URL: database.url });
    expect(first.stdout).toMatch(/^outcomes 2025: run (\d+) stored: 0 students, 0 values published, 0 suppressed \([0-9.]+ s\); release it to publish\n$/);
    expect(first.code).toBe(0);
    const runId = /run (\d+)/.exec(first.stdout)![1];
    const again = await runLantern(['outcomes', 'run', '--year', '2025'], { DATABASE_URL: database.url });
    expect(again.stdout).toContain(`unchanged, run ${runId} already holds these results`);
    expect(again.code).toBe(0);
  });

  it('computes with the configured SGP cohort minimum (another minimum, another run) and stops in one line on one that is not a whole number from 100', async () => {
    const byDefault = await runLantern(['outcomes', 'run', '--year', '2025'], { DATABASE_URL: database.url });
    const lower = await runLantern(['outcomes', 'run', '--year', '2025'], { DATABASE_URL: database.url, LANTERN_SGP_MINIMUM_COHORT: '300' });
    expect(lower.code).toBe(0);
    const runOf = (stdout: string) => /run (\d+)/.exec(stdout)![1];
    expect(runOf(lower.stdout)).not.toBe(runOf(byDefault.stdout));
    const [run]: Array<{ minimum: number }> = await database.dataSource.query(`SELECT (input_counts ->> 'sgpMinimumCohort')::int AS minimum FROM outcome_run WHERE id = $1`, [
      runOf(lower.stdout),
    ]);
    expect(run.minimum).toBe(300);

    const refused = await runLantern(['outcomes', 'run', '--year', '2025'], { DATABASE_URL: database.url, LANTERN_SGP_MINIMUM_COHORT: '50' });
    expect(refused.code).toBe(78);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringContaining('LANTERN_SGP_MINIMUM_COHORT must be a whole number from 100 to 1000000')]);
  });

  it('refuses a missing or malformed year with its usage', async () => {
    for (const args of [[], ['--year', '25'], ['--yaer', '2025']]) {
      const run = await runLantern(['outcomes', 'run', ...args], { DATABASE_URL: database.url });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Usage: lantern outcomes run --year');
    }
  });
});
