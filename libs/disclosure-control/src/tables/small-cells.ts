import { DisclosureControlError, type SUPPRESSED } from '../values';

/** Counts from 1 to this are suppressed unless an agreement says otherwise (CMS and ONS practice; n ≥ 11 released). */
export const DEFAULT_SMALL_CELL_THRESHOLD = 10;

export interface TableProtectionOptions {
  /**
   * Counts from 1 to threshold are suppressed; an agreement's minimumCellSize is threshold + 1.
   * Zero is released: an empty cell describes nobody, and suppressing every zero would hide
   * the table's structure for no protection.
   */
  threshold?: number;
}

/** A released count, or SUPPRESSED. */
export type ReleasedCount = number | typeof SUPPRESSED;

/**
 * Primary: the count itself is small. Complementary: a larger count withheld so that a primary
 * one cannot be worked out from the totals.
 */
export type SuppressionKind = 'primary' | 'complementary';

/**
 * One withheld count, for the steward's review. Not for the package: telling a researcher which
 * cells are primary narrows their values (a primary cell is at most the threshold, a
 * complementary one above it), sometimes down to one value.
 */
export interface CellSuppression<Position> {
  position: Position;
  kind: SuppressionKind;
  reason: string;
}

/** What a package may say about a protected table. */
export interface TableReport {
  title: string;
  shape: string;
  threshold: number;
  /** Released or withheld counts, totals included. */
  counts: number;
  suppressedCounts: number;
  /** Two-way tables: how one-cell lines were treated, and the lines withheld whole, e.g. 'row "s1"'. */
  singleCellLines?: 'suppress' | 'release';
  withheldLines?: string[];
}

export function thresholdOf(options: TableProtectionOptions): number {
  const { threshold = DEFAULT_SMALL_CELL_THRESHOLD } = options;
  if (!Number.isInteger(threshold) || threshold < 0) throw new DisclosureControlError('the small-cell threshold must be a non-negative integer');
  return threshold;
}

export function isSmallCount(count: number, threshold: number): boolean {
  return count >= 1 && count <= threshold;
}

export function assertCounts(title: string, counts: readonly number[]): void {
  if (!counts.every((count) => Number.isSafeInteger(count) && count >= 0)) throw new DisclosureControlError(`table "${title}": counts must be non-negative integers`);
}
