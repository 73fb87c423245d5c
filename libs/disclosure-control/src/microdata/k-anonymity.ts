import type { GeneralisationHierarchy } from '../generalisation/hierarchy';
import { DisclosureControlError, type MicrodataRecord } from '../values';
import { GeneralisationLattice, type LatticeNode } from './generalisation-lattice';
import type { QuasiIdentifierCounts } from './quasi-identifier-counts';

/** The usual minimum group size when an agreement names none (CMS: no cell from 1 to 10). */
export const DEFAULT_K = 11;
/** Share of records that may be withheld rather than generalising everyone further. */
export const DEFAULT_MAX_SUPPRESSION_RATE = 0.05;
// Lattice nodes × distinct combinations that 'auto' still searches in full: each costs roughly 0.4 µs on a
// development machine, so under 10 s; beyond it, the greedy search.
const FULL_SEARCH_WORK_LIMIT = 20_000_000;

/**
 * How the generalisation levels are chosen. 'full-lattice' evaluates every level vector and is
 * optimal; 'greedy' climbs from the bottom one level of one quasi-identifier at a time, always
 * taking the step that loses least, and keeps the least-loss vector within budget it passes
 * (it can miss the optimum); 'auto' searches in full while that stays cheap.
 */
export type LatticeSearch = 'auto' | 'full-lattice' | 'greedy';

export interface KAnonymityOptions {
  /** Minimum records per released combination of quasi-identifiers (the agreement's k). */
  k?: number;
  /** Most records, as a share of all, withheld for sitting in groups smaller than k. */
  maxSuppressionRate?: number;
  search?: LatticeSearch;
}

export interface QuasiIdentifierLevel {
  element: string;
  /** 0 is as recorded; `top` is suppressed. */
  level: number;
  top: number;
  /** The level's name in the hierarchy, e.g. "district". */
  meaning: string;
  /** Mean information loss of this element over the released records (see GeneralisationLattice). */
  loss: number;
}

export interface KAnonymityReport {
  k: number;
  maxSuppressionRate: number;
  /** Records that may be withheld: floor(maxSuppressionRate × records). */
  suppressionBudget: number;
  /** False when no level vector kept suppression within budget; everything is then generalised to the top. */
  budgetMet: boolean;
  records: number;
  releasedRecords: number;
  suppressedRecords: number;
  /** Distinct released combinations of quasi-identifiers. */
  releasedClasses: number;
  /** At least k whenever anything is released. */
  smallestReleasedClass: number | null;
  levels: QuasiIdentifierLevel[];
  /** 0 (released as recorded) to 1 (nothing released); see GeneralisationLattice. */
  informationLoss: number;
  search: { strategy: Exclude<LatticeSearch, 'auto'>; latticeSize: number; nodesEvaluated: number };
  reason: string;
}

/**
 * The second pass of k-anonymisation: the same records, in any order, through `apply`.
 * Every released combination of quasi-identifiers is shared by at least k released records,
 * provided both passes read the same records; `assertSecondPassMatched` proves they did.
 */
export interface KAnonymityPlan {
  readonly report: KAnonymityReport;
  /**
   * The record with its quasi-identifiers generalised, or null when it is withheld. `records`
   * (default 1) is how many second-pass records with exactly its quasi-identifiers the call
   * stands for, so a caller that keeps the answer for such records may report them at once.
   */
  apply(record: MicrodataRecord, records?: number): MicrodataRecord | null;
  /**
   * Whether `apply` would release the record, without counting it towards the second pass: for
   * deciding, from the first pass's records, something that depends on who is released.
   */
  releases(record: MicrodataRecord): boolean;
  /** Throws unless the second pass has seen exactly the records the first pass counted; the output must then be discarded. */
  assertSecondPassMatched(): void;
}

/**
 * Chooses a generalisation level per quasi-identifier from first-pass counts: the level vector
 * with the least information loss whose records left in groups smaller than k fit the
 * suppression budget. When none does (fewer than k records in all), every quasi-identifier
 * goes to its top level and the report says the budget could not be met.
 */
export function planKAnonymity(counts: QuasiIdentifierCounts, hierarchies: Readonly<Record<string, GeneralisationHierarchy>>, options: KAnonymityOptions = {}): KAnonymityPlan {
  const { k = DEFAULT_K, maxSuppressionRate = DEFAULT_MAX_SUPPRESSION_RATE, search = 'auto' } = options;
  if (!Number.isInteger(k) || k < 1) throw new DisclosureControlError('k must be a positive integer');
  if (!(maxSuppressionRate >= 0 && maxSuppressionRate <= 1)) throw new DisclosureControlError('maxSuppressionRate must be between 0 and 1');
  const counted = new Set(counts.quasiIdentifiers);
  const unmatched = [...counts.quasiIdentifiers.filter((element) => !Object.hasOwn(hierarchies, element)), ...Object.keys(hierarchies).filter((element) => !counted.has(element))];
  if (unmatched.length > 0) throw new DisclosureControlError(`the counted quasi-identifiers and the hierarchies must name the same elements; unmatched: ${unmatched.join(', ')}`);

  const lattice = new GeneralisationLattice(counts, hierarchies);
  const budget = Math.floor(maxSuppressionRate * lattice.records);
  const strategy = search !== 'auto' ? search : lattice.size * Math.max(1, lattice.distinctCombinations) <= FULL_SEARCH_WORK_LIMIT ? 'full-lattice' : 'greedy';
  const found = strategy === 'full-lattice' ? searchFullLattice(lattice, k, budget) : searchGreedily(lattice, k, budget);
  const chosen = found.best ?? lattice.evaluate(lattice.topLevels, k);

  const levels = lattice.quasiIdentifiers.map(({ element, hierarchy }, q): QuasiIdentifierLevel => ({
    element,
    level: chosen.levels[q],
    top: hierarchy.levels.length - 1,
    meaning: hierarchy.levels[chosen.levels[q]],
    loss: chosen.lossByQuasiIdentifier[q],
  }));
  const facts: Omit<KAnonymityReport, 'reason'> = {
    k,
    maxSuppressionRate,
    suppressionBudget: budget,
    budgetMet: found.best !== undefined,
    records: lattice.records,
    releasedRecords: lattice.records - chosen.suppressedRecords,
    suppressedRecords: chosen.suppressedRecords,
    releasedClasses: chosen.releasedClasses,
    smallestReleasedClass: chosen.smallestReleasedClass,
    levels,
    informationLoss: chosen.loss,
    search: { strategy, latticeSize: lattice.size, nodesEvaluated: found.nodesEvaluated },
  };
  return new ChosenGeneralisation({ ...facts, reason: reasonFor(facts) }, lattice, chosen.levels);
}

interface SearchResult {
  /** The chosen node within the suppression budget, if any. */
  best?: LatticeNode;
  nodesEvaluated: number;
}

function searchFullLattice(lattice: GeneralisationLattice, k: number, budget: number): SearchResult {
  const tops = lattice.topLevels;
  let best: LatticeNode | undefined;
  let nodesEvaluated = 0;
  // Counts through every level vector like an odometer, the last quasi-identifier fastest.
  for (const levels = tops.map(() => 0); ;) {
    const node = lattice.evaluate([...levels], k);
    nodesEvaluated++;
    if (node.suppressedRecords <= budget && (!best || losesLess(node, best))) best = node;
    let q = levels.length - 1;
    while (q >= 0 && levels[q] === tops[q]) levels[q--] = 0;
    if (q < 0) return { best, nodesEvaluated };
    levels[q]++;
  }
}

function searchGreedily(lattice: GeneralisationLattice, k: number, budget: number): SearchResult {
  const tops = lattice.topLevels;
  const withinBudget = (node: LatticeNode) => node.suppressedRecords <= budget;
  let current = lattice.evaluate(
    tops.map(() => 0),
    k,
  );
  let best = withinBudget(current) ? current : undefined;
  let nodesEvaluated = 1;
  for (;;) {
    const from = current.levels;
    const steps = tops.flatMap((top, q) =>
      from[q] < top
        ? [
            lattice.evaluate(
              from.map((level, index) => (index === q ? level + 1 : level)),
              k,
            ),
          ]
        : [],
    );
    nodesEvaluated += steps.length;
    if (steps.length === 0) return { best, nodesEvaluated };
    // Loss counts withheld records too, so the cheapest step also weighs how many records it brings back.
    current = steps.reduce((cheapest, node) => (losesLess(node, cheapest) ? node : cheapest));
    // Once within budget, carry on only while a step still loses less.
    if (best && !losesLess(current, best)) return { best, nodesEvaluated };
    if (withinBudget(current) && (!best || losesLess(current, best))) best = current;
  }
}

/** Less loss wins; on a tie, the less generalised vector. */
function losesLess(node: LatticeNode, than: LatticeNode): boolean {
  if (node.loss !== than.loss) return node.loss < than.loss;
  const height = (levels: readonly number[]) => levels.reduce((sum, level) => sum + level, 0);
  return height(node.levels) < height(than.levels);
}

function reasonFor(report: Omit<KAnonymityReport, 'reason'>): string {
  const generalised = report.levels.filter(({ level }) => level > 0).map(({ element, meaning }) => `${element} → ${meaning}`);
  const changes = generalised.length === 0 ? 'No quasi-identifier generalised' : `Generalised ${generalised.join(', ')}`;
  const budget = `at most ${report.suppressionBudget} of ${report.records} records (${percent(report.maxSuppressionRate)}) withheld for sitting in groups smaller than k = ${report.k}`;
  const withheld = `${report.suppressedRecords} records withheld`;
  if (!report.budgetMet) return `No choice of generalisation levels kept ${budget}, so every quasi-identifier is withheld; ${withheld}.`;
  if (report.search.strategy === 'full-lattice')
    return `${changes}: of all ${report.search.latticeSize} combinations of levels, the one losing least information with ${budget}; ${withheld}.`;
  return `${changes}: raising one quasi-identifier a level at a time, always the one losing least information, and keeping the least loss reached with ${budget} (the ${report.search.latticeSize} combinations of levels were too many to try all); ${withheld}.`;
}

function percent(rate: number): string {
  return `${Number((rate * 100).toFixed(2))}%`;
}

class ChosenGeneralisation implements KAnonymityPlan {
  /** Per equivalence class: its size in the first pass, and the records of it seen in the second. */
  private readonly classes: Map<string, { size: number; seen: number }>;

  constructor(
    readonly report: KAnonymityReport,
    private readonly lattice: GeneralisationLattice,
    private readonly levels: readonly number[],
  ) {
    this.classes = new Map([...lattice.classSizes(levels)].map(([classKey, size]) => [classKey, { size, seen: 0 }]));
  }

  apply(record: MicrodataRecord, records = 1): MicrodataRecord | null {
    if (!Number.isInteger(records) || records < 1) throw new DisclosureControlError('a record stands for a whole number of records, at least one');
    const { located, equivalenceClass } = this.classOf(record);
    equivalenceClass.seen += records;
    if (equivalenceClass.size < this.report.k) return null;
    const generalised: Record<string, MicrodataRecord[string]> = { ...record };
    this.lattice.quasiIdentifiers.forEach(({ element }, q) => (generalised[element] = located.values[q]));
    return generalised;
  }

  releases(record: MicrodataRecord): boolean {
    return this.classOf(record).equivalenceClass.size >= this.report.k;
  }

  private classOf(record: MicrodataRecord): { located: { classKey: string; values: MicrodataRecord[string][] }; equivalenceClass: { size: number; seen: number } } {
    const located = this.lattice.locate(record, this.levels);
    const equivalenceClass = located && this.classes.get(located.classKey);
    if (!located || !equivalenceClass)
      throw new DisclosureControlError('the second pass met a combination of quasi-identifiers the first pass never counted: both passes must read the same records');
    return { located, equivalenceClass };
  }

  assertSecondPassMatched(): void {
    for (const { size, seen } of this.classes.values()) {
      if (seen !== size) throw new DisclosureControlError('the second pass did not read the records the first pass counted, so groups may be smaller than k: discard its output');
    }
  }
}
