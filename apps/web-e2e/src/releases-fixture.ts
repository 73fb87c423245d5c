// An outcomes run the steward has not released yet, for the releases page: the earlier year computed
// again from a later snapshot. Its mean differs in a digit the public pages do not show, so releasing
// it changes no number other tests look for.
import { IndicatorStore } from '@lantern/outcomes-store';
import type { DataSource } from 'typeorm';
import { EARLIER_YEAR, outcomesRun } from './outcomes-fixture';

export const RECOMPUTED_SNAPSHOT = new Date('2025-10-01T00:00:00Z');

/** Saves the run (unreleased) and returns its id. */
export async function saveUnreleasedRun(dataSource: DataSource): Promise<string> {
  const earlier = outcomesRun(EARLIER_YEAR);
  const run = {
    ...earlier,
    snapshotAt: RECOMPUTED_SNAPSHOT,
    values: earlier.values.map(({ value, published }) => ({ value: { ...value, value: (value.value ?? 0) + 0.000001 }, published })),
  };
  return (await new IndicatorStore(dataSource).saveRun(run)).runId;
}
