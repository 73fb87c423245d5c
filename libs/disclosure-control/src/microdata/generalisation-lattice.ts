import type { GeneralisationHierarchy } from '../generalisation/hierarchy';
import type { MicrodataRecord, MicrodataValue } from '../values';
import { valueKey, type QuasiIdentifierCounts } from './quasi-identifier-counts';

/** One quasi-identifier's recorded values and their generalisations, numbered so that evaluating a node is integer work. */
interface EncodedQuasiIdentifier {
  readonly element: string;
  readonly hierarchy: GeneralisationHierarchy;
  /** Recorded value (by valueKey) → value id. */
  readonly valueIds: ReadonlyMap<string, number>;
  /** Per level: value id → id of its generalised value. */
  readonly generalisedIds: readonly Int32Array[];
  /** Per level: generalised id → the value released. */
  readonly generalisedValues: readonly (readonly MicrodataValue[])[];
  /** Per level: value id → information loss of releasing that value at that level. */
  readonly losses: readonly Float64Array[];
}

/** One vector of generalisation levels, evaluated against the counted records. */
export interface LatticeNode {
  /** Level per quasi-identifier, in counting order. */
  readonly levels: readonly number[];
  /** Records in equivalence classes smaller than k, which the plan withholds. */
  readonly suppressedRecords: number;
  readonly releasedClasses: number;
  readonly smallestReleasedClass: number | null;
  /** Normalised information loss of the whole release, 0 (nothing changed) to 1 (nothing released). */
  readonly loss: number;
  /** Per quasi-identifier: mean loss over the released records. */
  readonly lossByQuasiIdentifier: readonly number[];
}

/**
 * Every way of generalising the counted quasi-identifiers, one level per quasi-identifier.
 *
 * Information loss is Iyengar's loss metric over the values actually recorded: releasing a value
 * that stands for m of the n distinct values recorded for its element loses (m − 1)/(n − 1);
 * SUPPRESSED loses 1. A node's loss averages that over every record and quasi-identifier,
 * counting each withheld record as 1.
 */
export class GeneralisationLattice {
  readonly quasiIdentifiers: readonly EncodedQuasiIdentifier[];
  readonly records: number;
  /** Per quasi-identifier: the value id of each distinct combination (columns, so evaluation walks typed arrays). */
  private readonly valueIdColumns: readonly Int32Array[];
  /** Records per distinct combination. */
  private readonly combinationCounts: Float64Array;

  constructor(counts: QuasiIdentifierCounts, hierarchies: Readonly<Record<string, GeneralisationHierarchy>>) {
    const combinations = [...counts.entries()];
    this.quasiIdentifiers = counts.quasiIdentifiers.map((element, q) => {
      const recorded = new Map(combinations.map(({ values }) => [valueKey(values[q]), values[q]]));
      return encode(element, hierarchies[element], [...recorded.values()]);
    });
    this.valueIdColumns = this.quasiIdentifiers.map(({ valueIds }, q) => Int32Array.from(combinations, ({ values }) => valueIds.get(valueKey(values[q]))!));
    this.combinationCounts = Float64Array.from(combinations, ({ count }) => count);
    this.records = counts.records;
  }

  /** The highest level of each quasi-identifier: everything suppressed. */
  get topLevels(): number[] {
    return this.quasiIdentifiers.map(({ hierarchy }) => hierarchy.levels.length - 1);
  }

  get size(): number {
    return this.topLevels.reduce((product, top) => product * (top + 1), 1);
  }

  get distinctCombinations(): number {
    return this.combinationCounts.length;
  }

  evaluate(levels: readonly number[], k: number): LatticeNode {
    const classOf = this.classNumbers(levels);
    const classSizes = new Float64Array(classOf.classes);
    this.combinationCounts.forEach((count, combination) => (classSizes[classOf.numbers[combination]] += count));

    let suppressedRecords = 0;
    const lossSums = this.quasiIdentifiers.map(() => 0);
    this.combinationCounts.forEach((count, combination) => {
      if (classSizes[classOf.numbers[combination]] < k) suppressedRecords += count;
      else this.quasiIdentifiers.forEach(({ losses }, q) => (lossSums[q] += count * losses[levels[q]][this.valueIdColumns[q][combination]]));
    });
    const releasedSizes = classSizes.filter((size) => size >= k);

    const releasedRecords = this.records - suppressedRecords;
    // Each released record contributes its mean loss over the quasi-identifiers that can be
    // generalised: a fixed one (fixedHierarchy) loses nothing and must not dilute the others.
    const generalisable = this.quasiIdentifiers.filter(({ hierarchy }) => hierarchy.levels.length > 1).length;
    const releasedLoss = generalisable === 0 ? 0 : lossSums.reduce((sum, loss) => sum + loss, 0) / generalisable;
    return {
      levels,
      suppressedRecords,
      releasedClasses: releasedSizes.length,
      smallestReleasedClass: releasedSizes.length === 0 ? null : releasedSizes.reduce((smallest, size) => Math.min(smallest, size)),
      loss: this.records === 0 ? 0 : (releasedLoss + suppressedRecords) / this.records,
      lossByQuasiIdentifier: lossSums.map((sum) => (releasedRecords === 0 ? 0 : sum / releasedRecords)),
    };
  }

  /** Equivalence class (by classKey) → records in it, for the chosen levels. */
  classSizes(levels: readonly number[]): Map<string, number> {
    const sizes = new Map<string, number>();
    this.combinationCounts.forEach((count, combination) => {
      const key = this.classKey((q) => this.valueIdColumns[q][combination], levels);
      sizes.set(key, (sizes.get(key) ?? 0) + count);
    });
    return sizes;
  }

  /** A record's equivalence class and generalised values at the levels, or undefined when it holds a value the first pass never counted. */
  locate(record: MicrodataRecord, levels: readonly number[]): { classKey: string; values: MicrodataValue[] } | undefined {
    const valueIds: number[] = [];
    for (const { element, valueIds: ids } of this.quasiIdentifiers) {
      const id = ids.get(valueKey(record[element] ?? null));
      if (id === undefined) return undefined;
      valueIds.push(id);
    }
    return {
      classKey: this.classKey((q) => valueIds[q], levels),
      values: this.quasiIdentifiers.map(({ generalisedIds, generalisedValues }, q) => generalisedValues[levels[q]][generalisedIds[levels[q]][valueIds[q]]]),
    };
  }

  private classKey(valueIdOf: (q: number) => number, levels: readonly number[]): string {
    let key = '';
    this.quasiIdentifiers.forEach(({ generalisedIds }, q) => (key += `${generalisedIds[levels[q]][valueIdOf(q)]},`));
    return key;
  }

  /**
   * Numbers the equivalence classes at the levels 0, 1, 2, … and gives each combination its
   * class. Classes are refined one quasi-identifier at a time, so every key stays below
   * (classes so far × values at this level), far inside a double's exact integers.
   */
  private classNumbers(levels: readonly number[]): { numbers: Int32Array; classes: number } {
    const numbers = new Int32Array(this.combinationCounts.length);
    let classes = 1;
    this.quasiIdentifiers.forEach(({ generalisedIds, generalisedValues }, q) => {
      const width = generalisedValues[levels[q]].length;
      if (width === 1) return;
      const generalisedId = generalisedIds[levels[q]];
      const valueIds = this.valueIdColumns[q];
      const renumbered = new Map<number, number>();
      numbers.forEach((current, combination) => {
        const key = current * width + generalisedId[valueIds[combination]];
        let next = renumbered.get(key);
        if (next === undefined) renumbered.set(key, (next = renumbered.size));
        numbers[combination] = next;
      });
      classes = renumbered.size;
    });
    return { numbers, classes: this.combinationCounts.length === 0 ? 0 : classes };
  }
}

/** Generalises every recorded value at every level up front, so a value a hierarchy cannot place fails the plan, not the second pass. */
function encode(element: string, hierarchy: GeneralisationHierarchy, recorded: readonly MicrodataValue[]): EncodedQuasiIdentifier {
  const valueIds = new Map(recorded.map((value, id) => [valueKey(value), id]));
  const generalisedIds: Int32Array[] = [];
  const generalisedValues: MicrodataValue[][] = [];
  const losses: Float64Array[] = [];
  const top = hierarchy.levels.length - 1;
  for (let level = 0; level <= top; level++) {
    const ids = new Map<string, number>();
    const values: MicrodataValue[] = [];
    const generalisedId = new Int32Array(recorded.length);
    recorded.forEach((value, id) => {
      const generalised = hierarchy.generalise(value, level);
      const key = valueKey(generalised);
      if (!ids.has(key)) {
        ids.set(key, values.length);
        values.push(generalised);
      }
      generalisedId[id] = ids.get(key)!;
    });
    const recordedPerGeneralised = new Int32Array(values.length);
    generalisedId.forEach((id) => recordedPerGeneralised[id]++);
    // The top level is suppression, except in a fixed hierarchy, whose only level is as recorded.
    const suppressed = level === top && top > 0;
    const loss = Float64Array.from(generalisedId, (id) => (suppressed ? 1 : recorded.length <= 1 ? 0 : (recordedPerGeneralised[id] - 1) / (recorded.length - 1)));
    generalisedIds.push(generalisedId);
    generalisedValues.push(values);
    losses.push(loss);
  }
  return { element, hierarchy, valueIds, generalisedIds, generalisedValues, losses };
}
