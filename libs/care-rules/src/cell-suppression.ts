/** One count of an aggregate table, e.g. flags for one district in one month. */
export interface CountCell<Key> {
  key: Key;
  count: number;
}

/** A cell as released: its count, or suppressed because so few children could be recognised. */
export type ReleasedCell<Key> = { key: Key; count: number; suppressed: false } | { key: Key; count: null; suppressed: true };

/**
 * Primary small-cell suppression: counts from 1 to minimumCellSize − 1 are withheld (zero is
 * safe to show, CMS-style). The table is released without margins or totals, so no suppressed
 * cell can be recovered by subtraction and no complementary suppression is needed; a report
 * that adds totals must add complementary suppression first.
 */
export function suppressSmallCells<Key>(cells: ReadonlyArray<CountCell<Key>>, minimumCellSize: number): Array<ReleasedCell<Key>> {
  if (!Number.isInteger(minimumCellSize) || minimumCellSize < 1) throw new Error(`minimumCellSize must be a whole number from 1, not ${minimumCellSize}`);
  return cells.map(({ key, count }) => (count > 0 && count < minimumCellSize ? { key, count: null, suppressed: true } : { key, count, suppressed: false }));
}
