import { DisclosureControlError, SUPPRESSED } from '../values';
import { determinedUnknowns, type IndexedMargin } from './margin-algebra';
import { DEFAULT_RATE_CODING, assertRateCoding, bandFor, type RateCodingBand } from './rate-coding';

/** The state's minimum n for any public count or rate (design rule 10; outcomes.md §7). */
export const DEFAULT_PUBLIC_MINIMUM_N = 11;

/** Components of withheld cells up to this many are checked by exact elimination (see margin-algebra). */
export const DEFAULT_EXACT_CHECK_LIMIT = 100_000;

/**
 * What a value is: a rate's numerator (value × n) adds up along margins like n does, so withheld
 * or coded rates are protected from subtraction too; means, medians and amounts per pupil are not
 * sums of their parts' values, so only their n is.
 */
export type PublicValueKind = 'rate' | 'count' | 'mean' | 'median' | 'amount';

export interface PublicCell {
  key: string;
  /** The students (or scores) behind the value. */
  n: number;
  /** The statistic; rates as proportions (0–1). Null when there is none (n = 0). */
  value: number | null;
  kind: PublicValueKind;
  /** Rates only: the students with the outcome (value × n when omitted). */
  numerator?: number;
  /**
   * False for a cell that is never published but belongs to a margin (e.g. "sex not reported"),
   * so that the margin adds up; such a cell counts as unknown to a reader and is never a complement.
   */
  published?: boolean;
}

/** A total published with the cells that add up to it: n(total) = Σ n(parts), and likewise numerators of rates. */
export interface PublicMargin {
  total: string;
  parts: readonly string[];
}

export interface PublicTable {
  title: string;
  cells: readonly PublicCell[];
  margins: readonly PublicMargin[];
}

export interface PublicProtectionOptions {
  /** No count or rate from fewer students is published. */
  minimumN?: number;
  rateCoding?: readonly RateCodingBand[];
  exactCheckLimit?: number;
}

/**
 * Why a value is not shown as computed:
 * - below-minimum-n: fewer than the minimum n students (n and value withheld);
 * - complementary: withheld so that a withheld cell cannot be worked out from a published total (n and value);
 * - complementary-value: n shown, value withheld, so that a withheld or coded rate cannot be worked out;
 * - top-coded / bottom-coded: the rate shown as "≥ top" / "≤ bottom".
 */
export type PublicReason = 'below-minimum-n' | 'complementary' | 'complementary-value' | 'top-coded' | 'bottom-coded';

export type PublishedValue = number | null | typeof SUPPRESSED | { atLeast: number } | { atMost: number };

export interface PublishedCell {
  key: string;
  n: number | typeof SUPPRESSED;
  value: PublishedValue;
  kind: PublicValueKind;
  reason?: PublicReason;
}

export interface PublicProtectionReport {
  title: string;
  minimumN: number;
  cells: number;
  belowMinimumN: number;
  complementary: number;
  complementaryValue: number;
  coded: number;
  /** Withheld cells whose components were too large for the exact check: protected margin by margin only. */
  uncheckedByElimination: number;
}

export interface ProtectedPublicTable {
  title: string;
  /** The published cells (unpublished margin members left out), in input order. */
  cells: PublishedCell[];
  report: PublicProtectionReport;
}

interface CellState {
  nWithheld: boolean;
  valueWithheld: boolean;
  reason?: PublicReason;
}

/**
 * Disclosure control for public aggregate tables (outcomes.md §7; docs/outcomes.md "Disclosure control").
 *
 * 1. Primary: a cell with 1 to minimumN − 1 students is withheld, n and value. Zero is published:
 *    it describes nobody.
 * 2. Coding: a rate at or beyond its band's top or bottom is shown as "≥ top" / "≤ bottom".
 * 3. Complementary, margin by margin until nothing changes: a margin (total = Σ parts) with
 *    exactly one withheld n would give it away by subtraction, so the smallest published non-zero
 *    part is withheld too (the total when no part is left). Likewise for rates' numerators: a margin
 *    whose rates leave exactly one withheld or coded numerator gets the value (not the n) of its
 *    smallest published part withheld.
 * 4. Exact: margins can combine (two margins with two unknowns each can still pin one down), so the
 *    withheld cells are checked by elimination over all margins at once; any count still determined
 *    gets the smallest published member of one of its margins withheld, and steps 3–4 repeat.
 */
export function protectPublicTable(table: PublicTable, options: PublicProtectionOptions = {}): ProtectedPublicTable {
  const { minimumN = DEFAULT_PUBLIC_MINIMUM_N, rateCoding = DEFAULT_RATE_CODING, exactCheckLimit = DEFAULT_EXACT_CHECK_LIMIT } = options;
  if (!Number.isInteger(minimumN) || minimumN < 1) throw new DisclosureControlError('the minimum n must be a positive integer');
  assertRateCoding(rateCoding);
  const { cells } = table;
  const indexOf = new Map(cells.map((cell, index) => [cell.key, index]));
  if (indexOf.size !== cells.length) throw new DisclosureControlError(`table "${table.title}": cell keys must be unique`);
  for (const cell of cells) {
    if (!Number.isSafeInteger(cell.n) || cell.n < 0) throw new DisclosureControlError(`table "${table.title}": n must be a non-negative integer (cell ${cell.key})`);
  }
  const margins: IndexedMargin[] = table.margins.map((margin) => {
    const at = (key: string) => {
      const index = indexOf.get(key);
      if (index === undefined) throw new DisclosureControlError(`table "${table.title}": a margin names a cell that is not in the table: ${key}`);
      return index;
    };
    return { total: at(margin.total), parts: margin.parts.map(at) };
  });
  const isPublished = (index: number) => cells[index].published !== false;
  const isRate = (index: number) => cells[index].kind === 'rate';
  const rateMargins = margins.filter((margin) => isRate(margin.total) && margin.parts.every(isRate));

  const state: CellState[] = cells.map((cell) => {
    if (cell.n >= 1 && cell.n < minimumN) return { nWithheld: true, valueWithheld: true, reason: 'below-minimum-n' };
    if (cell.published === false) return { nWithheld: cell.n > 0, valueWithheld: true };
    return { nWithheld: false, valueWithheld: false };
  });
  const codedAs = cells.map((cell, index): 'top-coded' | 'bottom-coded' | undefined => {
    if (cell.kind !== 'rate' || state[index].nWithheld || cell.value === null || cell.published === false) return undefined;
    const band = bandFor(rateCoding, cell.n);
    return cell.value >= band.top ? 'top-coded' : cell.value <= band.bottom ? 'bottom-coded' : undefined;
  });

  // A reader does not know a withheld n; nor a numerator whose rate is withheld or coded (or whose n is withheld).
  const nUnknown = (index: number) => state[index].nWithheld;
  const numeratorUnknown = (index: number) => cells[index].n > 0 && (state[index].nWithheld || state[index].valueWithheld || codedAs[index] !== undefined);
  // What must not be worked out: published cells' withheld n, and their withheld or coded numerators.
  const protectsN = (index: number) => isPublished(index) && nUnknown(index);
  const protectsNumerator = (index: number) => isPublished(index) && numeratorUnknown(index);

  const withholdCell = (index: number) => {
    state[index] = { nWithheld: true, valueWithheld: true, reason: 'complementary' };
  };
  const withholdValue = (index: number) => {
    state[index] = { nWithheld: false, valueWithheld: true, reason: 'complementary-value' };
  };
  /** The smallest published non-zero part not yet withheld, or the total; undefined when none is left. */
  const complementIn = (margin: IndexedMargin, known: (index: number) => boolean): number | undefined => {
    const candidates = margin.parts.filter((part) => isPublished(part) && cells[part].n > 0 && known(part));
    if (candidates.length > 0) return candidates.reduce((smallest, part) => (cells[part].n < cells[smallest].n ? part : smallest));
    return isPublished(margin.total) && cells[margin.total].n > 0 && known(margin.total) ? margin.total : undefined;
  };

  const subtractionPass = (): void => {
    for (let again = true; again;) {
      again = false;
      for (const margin of margins) {
        const unknown = [margin.total, ...margin.parts].filter(nUnknown);
        if (unknown.length !== 1 || !protectsN(unknown[0])) continue;
        const complement = complementIn(margin, (index) => !nUnknown(index));
        if (complement === undefined) throw exposed(table.title, cells[unknown[0]].key);
        withholdCell(complement);
        again = true;
      }
      for (const margin of rateMargins) {
        const unknown = [margin.total, ...margin.parts].filter(numeratorUnknown);
        if (unknown.length !== 1 || !protectsNumerator(unknown[0])) continue;
        const complement = complementIn(margin, (index) => !numeratorUnknown(index));
        if (complement === undefined) throw exposed(table.title, cells[unknown[0]].key);
        withholdValue(complement);
        again = true;
      }
    }
  };

  const countMarginsOf = marginsByCell(cells.length, margins);
  const rateMarginsOf = marginsByCell(cells.length, rateMargins);
  let unchecked: Set<number>;
  for (;;) {
    subtractionPass();
    const counts = determinedUnknowns(cells.length, margins, nUnknown, exactCheckLimit);
    const numerators = determinedUnknowns(cells.length, rateMargins, numeratorUnknown, exactCheckLimit);
    unchecked = new Set([...counts.skipped, ...numerators.skipped].flat().filter(isPublished));
    const exposedCounts = counts.determined.filter(protectsN);
    const exposedNumerators = numerators.determined.filter(protectsNumerator);
    if (exposedCounts.length === 0 && exposedNumerators.length === 0) break;
    // One complement for each cell pinned down, then check again: a round of elimination per complement would be slow on large tables.
    // A cell found pinned down may be protected by an earlier complement of the same round and have none left near it;
    // only a round that can withhold nothing more means the table cannot be protected.
    let withheld = 0;
    for (const cell of exposedCounts) {
      const complement = complementNear(countMarginsOf, cell, nUnknown, (margin) => complementIn(margin, (index) => !nUnknown(index)));
      if (complement === undefined) continue;
      withholdCell(complement);
      withheld++;
    }
    for (const cell of exposedNumerators) {
      const complement = complementNear(rateMarginsOf, cell, numeratorUnknown, (margin) => complementIn(margin, (index) => !numeratorUnknown(index)));
      if (complement === undefined) continue;
      withholdValue(complement);
      withheld++;
    }
    if (withheld === 0) throw exposed(table.title, cells[exposedCounts[0] ?? exposedNumerators[0]].key);
  }

  const published: PublishedCell[] = [];
  cells.forEach((cell, index) => {
    if (!isPublished(index)) return;
    const { nWithheld, valueWithheld, reason } = state[index];
    const coded = codedAs[index];
    const band = bandFor(rateCoding, cell.n);
    if (nWithheld || valueWithheld) published.push({ key: cell.key, kind: cell.kind, n: nWithheld ? SUPPRESSED : cell.n, value: SUPPRESSED, reason });
    else if (coded) published.push({ key: cell.key, kind: cell.kind, n: cell.n, value: coded === 'top-coded' ? { atLeast: band.top } : { atMost: band.bottom }, reason: coded });
    else published.push({ key: cell.key, kind: cell.kind, n: cell.n, value: cell.n === 0 ? null : cell.value });
  });
  const countOf = (wanted: PublicReason) => published.filter(({ reason }) => reason === wanted).length;
  return {
    title: table.title,
    cells: published,
    report: {
      title: table.title,
      minimumN,
      cells: published.length,
      belowMinimumN: countOf('below-minimum-n'),
      complementary: countOf('complementary'),
      complementaryValue: countOf('complementary-value'),
      coded: countOf('top-coded') + countOf('bottom-coded'),
      uncheckedByElimination: unchecked.size,
    },
  };
}

/**
 * A complement for a cell the margins still pin down: from the margins holding it, else from the
 * margins that share a withheld cell with those, and so on outwards (the cell is pinned down by a
 * combination of margins around it).
 */
function complementNear(
  marginsOf: readonly (readonly IndexedMargin[])[],
  cell: number,
  unknown: (index: number) => boolean,
  complementIn: (margin: IndexedMargin) => number | undefined,
): number | undefined {
  const reached = new Set([cell]);
  const used = new Set<IndexedMargin>();
  for (let frontier = [cell]; frontier.length > 0;) {
    const ring = [...new Set(frontier.flatMap((member) => marginsOf[member]))].filter((margin) => !used.has(margin));
    ring.forEach((margin) => used.add(margin));
    for (const margin of ring) {
      const complement = complementIn(margin);
      if (complement !== undefined) return complement;
    }
    frontier = ring.flatMap((margin) => [margin.total, ...margin.parts]).filter((member) => unknown(member) && !reached.has(member));
    frontier.forEach((member) => reached.add(member));
  }
  return undefined;
}

/** The margins each cell belongs to, by cell index. */
function marginsByCell(cellCount: number, margins: readonly IndexedMargin[]): IndexedMargin[][] {
  const byCell = Array.from({ length: cellCount }, (): IndexedMargin[] => []);
  for (const margin of margins) for (const member of new Set([margin.total, ...margin.parts])) byCell[member].push(margin);
  return byCell;
}

const exposed = (title: string, key: string) => new DisclosureControlError(`table "${title}": no published cell is left to protect ${key}; the table cannot be published with these margins`);
