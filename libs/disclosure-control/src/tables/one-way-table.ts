import { DisclosureControlError, SUPPRESSED } from '../values';
import { assertCounts, isSmallCount, thresholdOf, type CellSuppression, type ReleasedCount, type TableProtectionOptions, type TableReport } from './small-cells';

/** Counts by category; protectOneWayTable adds the total. */
export interface OneWayTable {
  title: string;
  labels: readonly string[];
  counts: readonly number[];
}

export interface ProtectedOneWayTable {
  title: string;
  labels: readonly string[];
  counts: ReleasedCount[];
  total: ReleasedCount;
  /** For the steward's review, not for the package (see CellSuppression). Positions are indexes into labels, or 'total'. */
  suppressions: CellSuppression<number | 'total'>[];
  report: TableReport;
}

/**
 * Small-cell suppression for counts released with their total. The only equation is that the
 * counts add up to the total, so a withheld count is recoverable exactly when it is the only one
 * withheld. When primary suppression withholds exactly one, the smallest other non-zero count is
 * withheld with it; zeros are never withheld, so the two can trade ±1. (A lone primary is always
 * a count, never the total, and another count is non-zero: otherwise the total would equal it
 * and be small too.)
 */
export function protectOneWayTable(table: OneWayTable, options: TableProtectionOptions = {}): ProtectedOneWayTable {
  const threshold = thresholdOf(options);
  if (table.labels.length === 0 || table.counts.length !== table.labels.length) throw new DisclosureControlError(`table "${table.title}": counts must have one count per label`);
  assertCounts(table.title, table.counts);

  const entries = [...table.counts, table.counts.reduce((total, count) => total + count, 0)];
  const totalIndex = table.counts.length;
  const positionOf = (index: number) => (index === totalIndex ? 'total' : index);
  const describe = (index: number) => (index === totalIndex ? 'the total' : `"${table.labels[index]}"`);

  const suppressed = entries.map((count, index): CellSuppression<number | 'total'> | undefined =>
    isSmallCount(count, threshold) ? { position: positionOf(index), kind: 'primary', reason: `${describe(index)} is from 1 to ${threshold}` } : undefined,
  );
  const primary = suppressed.flatMap((suppression, index) => (suppression ? [index] : []));
  if (primary.length === 1) {
    const candidates = table.counts.flatMap((count, index) => (count > 0 && !suppressed[index] ? [index] : []));
    const complement = candidates.reduce((smallest, index) => (table.counts[index] < table.counts[smallest] ? index : smallest));
    suppressed[complement] = { position: complement, kind: 'complementary', reason: `withheld with ${describe(primary[0])}, which the total would otherwise reveal` };
  }

  const released = entries.map((count, index): ReleasedCount => (suppressed[index] ? SUPPRESSED : count));
  const suppressions = suppressed.filter((suppression) => suppression !== undefined);
  return {
    title: table.title,
    labels: table.labels,
    counts: released.slice(0, totalIndex),
    total: released[totalIndex],
    suppressions,
    report: { title: table.title, shape: `${table.labels.length} counts with total`, threshold, counts: entries.length, suppressedCounts: suppressions.length },
  };
}
