import { HashChains } from '../index-store/hash-chains';

const SATURATION_FILTER_SIZE = 1 << 16;

/**
 * Inverted index from blocking-key fingerprint to entities. A key shared by more than
 * `maxBlockSize` entities (a common surname in a big cohort, a busy postcode) is saturated:
 * it stops growing and lookups skip it, so the work per record depends on block sizes, not on
 * how many people the index holds.
 */
export class BlockingIndex {
  private readonly postings = new HashChains(1 << 16);
  /**
   * Keys that hold maxBlockSize + 1 entities: they never change again, so neither filing nor
   * lookup walks their chains (a hundred scattered entries, each a cache miss, at every record
   * that shares a busy postcode or a common name).
   */
  private readonly saturated = new Set<number>();
  /**
   * A byte per value of a key's low bits, 1 when a saturated key has them: most keys are not
   * saturated, and the byte says so without the Set's lookup (each record looks up its dozen
   * keys twice).
   */
  private readonly mayBeSaturated = new Uint8Array(SATURATION_FILTER_SIZE);

  constructor(private readonly maxBlockSize: number) {}

  get postingCount(): number {
    return this.postings.size;
  }

  get byteLength(): number {
    return this.postings.byteLength;
  }

  /** Files the entity under the key, unless it is already there or the key is saturated. */
  add(key: number, entity: number): void {
    if (this.isSaturated(key)) return;
    let shared = 0;
    for (let entry = this.postings.firstEntry(key); entry >= 0; entry = this.postings.nextEntry(entry, key)) {
      if (this.postings.valueAt(entry) === entity) return;
      shared++;
    }
    this.postings.add(key, entity);
    if (shared === this.maxBlockSize) {
      this.saturated.add(key);
      this.mayBeSaturated[key & (SATURATION_FILTER_SIZE - 1)] = 1;
    }
  }

  /**
   * Appends the entities filed under the key to `into` and returns how many; a saturated key
   * appends nothing and returns -1.
   */
  collect(key: number, into: number[]): number {
    if (this.isSaturated(key)) return -1;
    const start = into.length;
    for (let entry = this.postings.firstEntry(key); entry >= 0; entry = this.postings.nextEntry(entry, key)) {
      into.push(this.postings.valueAt(entry));
      if (into.length - start > this.maxBlockSize) {
        into.length = start;
        return -1;
      }
    }
    return into.length - start;
  }

  private isSaturated(key: number): boolean {
    return this.mayBeSaturated[key & (SATURATION_FILTER_SIZE - 1)] === 1 && this.saturated.has(key);
  }
}
