import { createJsonLogger } from '@lantern/observability';
import { IndicatorStore } from '@lantern/outcomes-store';
import { createMigratedTestDatabase, eventually, type MigratedTestDatabase } from '@lantern/test-environment';
import { OutcomeRuns } from './outcome-runs';

describe("the worker's outcomes runs (real PostgreSQL)", () => {
  let database: MigratedTestDatabase;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("runs a steward's requested school year once and records the run it stored; a second request of the same snapshot names the same run", async () => {
    const store = new IndicatorStore(database.dataSource);
    const runs = new OutcomeRuns(database.dataSource, {}, 50, createJsonLogger('outcome-runs-test', 'error'));
    const { requestId: first } = await store.requestRun(2025, 'lc_steward');
    runs.start();
    try {
      const done = await eventually(async () => {
        const request = await store.request(first);
        expect(request).toMatchObject({ status: 'done', runId: expect.any(String), failure: null });
        return request!;
      });
      const { requestId: second } = await store.requestRun(2025, 'lc_steward');
      await eventually(async () => expect(await store.request(second)).toMatchObject({ status: 'done', runId: done.runId }));
      expect(await store.runs(2025)).toEqual([expect.objectContaining({ runId: done.runId, released: false })]);
    } finally {
      await runs.stop();
    }
  });
});
