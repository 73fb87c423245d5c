import { HashChains } from '../index-store/hash-chains';

/**
 * Inverted index from blocking-key fingerprint to entities. A key shared by more than
 * `maxBlockSize` entities (a common surname in a big cohort, a busy postcode) is saturated:
 * it stops growing and lookups skip it, so the work per record depends on block sizes, not on
 * how many people the index holds.
 */
export class BlockingIndex {
  private readonly postings = new HashChains(1 << 16);

  constructor(private readonly maxBlockSize: number) {}

  get postingCount(): number {
    return this.postings.size;
  }

  get byteLength(): number {
    return this.postings.byteLength;
  }

  /** Files the entity under the key, unless it is already there or the key is saturated. */
  add(key: number, entity: number): void {
    let shared = 0;
    for (let entry = this.postings.firstEntry(key); entry >= 0; entry = this.postings.nextEntry(entry, key)) {
      if (this.postings.valueAt(entry) === entity) return;
      if (++shared > this.maxBlockSize) return;
    }
    this.postings.add(key, entity);
  }

  /**
   * Appends the entities filed under the key to `into` and returns how many; a saturated key
   * appends nothing and returns -1.
   */
  collect(key: number, into: number[]): number {
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
}
