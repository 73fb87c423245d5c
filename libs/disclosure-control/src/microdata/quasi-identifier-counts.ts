import { DisclosureControlError, type MicrodataRecord, type MicrodataValue } from '../values';

/** A distinct combination of quasi-identifier values and how many records carry it. */
export interface QuasiIdentifierCombination {
  readonly values: readonly MicrodataValue[];
  readonly count: number;
}

/**
 * The first pass of k-anonymisation: how many records share each combination of
 * quasi-identifier values. Memory grows with the number of distinct combinations, not of
 * records, so an extract of millions of records can stream through.
 */
export class QuasiIdentifierCounts {
  private readonly combinations = new Map<string, { values: readonly MicrodataValue[]; count: number }>();
  private recordCount = 0;

  constructor(readonly quasiIdentifiers: readonly string[]) {
    if (new Set(quasiIdentifiers).size !== quasiIdentifiers.length) throw new DisclosureControlError('each quasi-identifier may be counted once');
  }

  /**
   * Counts the record, or `records` records with exactly its quasi-identifiers (a first pass
   * that groups them itself); elements it lacks count as missing (null).
   */
  add(record: MicrodataRecord, records = 1): void {
    if (!Number.isInteger(records) || records < 1) throw new DisclosureControlError('a record stands for a whole number of records, at least one');
    const values = this.quasiIdentifiers.map((element) => record[element] ?? null);
    const key = combinationKey(values);
    const combination = this.combinations.get(key);
    if (combination) combination.count += records;
    else this.combinations.set(key, { values, count: records });
    this.recordCount += records;
  }

  get records(): number {
    return this.recordCount;
  }

  get distinctCombinations(): number {
    return this.combinations.size;
  }

  entries(): IterableIterator<QuasiIdentifierCombination> {
    return this.combinations.values();
  }
}

/** Tells 2009 from "2009" and null from "null", as a released file would. */
export function valueKey(value: MicrodataValue): string {
  return JSON.stringify(value);
}

function combinationKey(values: readonly MicrodataValue[]): string {
  return JSON.stringify(values);
}
