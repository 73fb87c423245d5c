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
  /** Normalised information loss of the whole release, 0 (nothing changed) to 1 (nothing released). */
  readonly loss: number;
  /** Per quasi-identifier: mean loss over the released records. */
  readonly lossByQuasiIdentifier: readonly number[];
  /** Equivalence class (generalised combination) → records in it. */
  readonly classSizes: ReadonlyMap<string, number>;
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
  private readonly combinations: ReadonlyArray<{ valueIds: readonly number[]; count: number }>;

  constructor(counts: QuasiIdentifierCounts, hierarchies: Readonly<Record<string, GeneralisationHierarchy>>) {
    const recordedValues = counts.quasiIdentifiers.map(() => new Map<string, MicrodataValue>());
    const combinations = [...counts.entries()];
    for (const { values } of combinations) values.forEach((value, index) => recordedValues[index].set(valueKey(value), value));
    this.quasiIdentifiers = counts.quasiIdentifiers.map((element, index) => encode(element, hierarchies[element], [...recordedValues[index].values()]));
    this.combinations = combinations.map(({ values, count }) => ({ valueIds: values.map((value, index) => this.quasiIdentifiers[index].valueIds.get(valueKey(value))!), count }));
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
    return this.combinations.length;
  }

  evaluate(levels: readonly number[], k: number): LatticeNode {
    const classKeys = this.combinations.map(({ valueIds }) => this.classKey(valueIds, levels));
    const classSizes = new Map<string, number>();
    this.combinations.forEach(({ count }, index) => classSizes.set(classKeys[index], (classSizes.get(classKeys[index]) ?? 0) + count));

    let suppressedRecords = 0;
    const lossSums = this.quasiIdentifiers.map(() => 0);
    this.combinations.forEach(({ valueIds, count }, index) => {
      if (classSizes.get(classKeys[index])! < k) suppressedRecords += count;
      else this.quasiIdentifiers.forEach(({ losses }, q) => (lossSums[q] += count * losses[levels[q]][valueIds[q]]));
    });

    const releasedRecords = this.records - suppressedRecords;
    // Each released record contributes its mean loss over the quasi-identifiers.
    const releasedLoss = lossSums.length === 0 ? 0 : lossSums.reduce((sum, loss) => sum + loss, 0) / lossSums.length;
    return {
      levels,
      suppressedRecords,
      loss: this.records === 0 ? 0 : (releasedLoss + suppressedRecords) / this.records,
      lossByQuasiIdentifier: lossSums.map((sum) => (releasedRecords === 0 ? 0 : sum / releasedRecords)),
      classSizes,
    };
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
      classKey: this.classKey(valueIds, levels),
      values: this.quasiIdentifiers.map(({ generalisedIds, generalisedValues }, q) => generalisedValues[levels[q]][generalisedIds[levels[q]][valueIds[q]]]),
    };
  }

  private classKey(valueIds: readonly number[], levels: readonly number[]): string {
    let key = '';
    this.quasiIdentifiers.forEach(({ generalisedIds }, q) => (key += `${generalisedIds[levels[q]][valueIds[q]]},`));
    return key;
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
    const loss = Float64Array.from(generalisedId, (id) => (level === top ? 1 : recorded.length <= 1 ? 0 : (recordedPerGeneralised[id] - 1) / (recorded.length - 1)));
    generalisedIds.push(generalisedId);
    generalisedValues.push(values);
    losses.push(loss);
  }
  return { element, hierarchy, valueIds, generalisedIds, generalisedValues, losses };
}
