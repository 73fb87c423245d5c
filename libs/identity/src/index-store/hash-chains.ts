// One entry's fields side by side (fingerprint, value, next entry), so walking a chain touches
// one cache line per entry instead of one per field: lookups in an index of millions of
// postings are bound by memory latency. Entries live in fixed pages that are never copied, so
// growing a large index costs no second copy of it in memory.
const FINGERPRINT = 0;
const VALUE = 1;
const NEXT = 2;
const ENTRY_SIZE = 3;
const PAGE_BITS = 14;
const PAGE_ENTRIES = 1 << PAGE_BITS;
const IN_PAGE = PAGE_ENTRIES - 1;

/**
 * A multimap from 32-bit fingerprints to 32-bit values in typed arrays (about 14 bytes per
 * entry). A Map of millions of keys to arrays would cost several times that and load the
 * garbage collector; these arrays are invisible to it. Entries are never removed. Callers that
 * need exact keys verify the value they find (fingerprints of different keys may collide).
 */
export class HashChains {
  private heads: Int32Array;
  /** PAGE_ENTRIES entries of ENTRY_SIZE integers each; the first page may be smaller. */
  private readonly pages: Int32Array[];
  private capacity: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.min(PAGE_ENTRIES, Math.max(16, 2 ** Math.ceil(Math.log2(initialCapacity))));
    this.heads = new Int32Array(this.capacity / 2).fill(-1);
    this.pages = [new Int32Array(this.capacity * ENTRY_SIZE)];
  }

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.pages.reduce((total, page) => total + page.byteLength, this.heads.byteLength);
  }

  add(fingerprint: number, value: number): void {
    if (this.count === this.capacity) this.grow();
    const entry = this.count++;
    const bucket = fingerprint & (this.heads.length - 1);
    const page = this.pages[entry >>> PAGE_BITS];
    const at = (entry & IN_PAGE) * ENTRY_SIZE;
    page[at + FINGERPRINT] = fingerprint;
    page[at + VALUE] = value;
    page[at + NEXT] = this.heads[bucket];
    this.heads[bucket] = entry;
  }

  /** The newest entry with this fingerprint, or -1. Continue with nextEntry. */
  firstEntry(fingerprint: number): number {
    return this.skipTo(this.heads[fingerprint & (this.heads.length - 1)], fingerprint);
  }

  nextEntry(entry: number, fingerprint: number): number {
    return this.skipTo(this.pages[entry >>> PAGE_BITS][(entry & IN_PAGE) * ENTRY_SIZE + NEXT], fingerprint);
  }

  valueAt(entry: number): number {
    return this.pages[entry >>> PAGE_BITS][(entry & IN_PAGE) * ENTRY_SIZE + VALUE];
  }

  private skipTo(start: number, fingerprint: number): number {
    let entry = start;
    while (entry >= 0) {
      const page = this.pages[entry >>> PAGE_BITS];
      const at = (entry & IN_PAGE) * ENTRY_SIZE;
      if (page[at + FINGERPRINT] === fingerprint) return entry;
      entry = page[at + NEXT];
    }
    return -1;
  }

  // A small first page doubles until it is a full page (copied: it is small); after that pages
  // are added. At most two entries per bucket on average; chains are rebuilt when the bucket count changes.
  private grow(): void {
    if (this.capacity < PAGE_ENTRIES) {
      this.capacity *= 2;
      this.pages[0] = copyInto(new Int32Array(this.capacity * ENTRY_SIZE), this.pages[0]);
    } else {
      this.capacity += PAGE_ENTRIES;
      this.pages.push(new Int32Array(PAGE_ENTRIES * ENTRY_SIZE));
    }
    const buckets = 2 ** Math.ceil(Math.log2(this.capacity / 2));
    if (buckets === this.heads.length) return;
    this.heads = new Int32Array(buckets).fill(-1);
    for (let entry = 0; entry < this.count; entry++) {
      const page = this.pages[entry >>> PAGE_BITS];
      const at = (entry & IN_PAGE) * ENTRY_SIZE;
      const bucket = page[at + FINGERPRINT] & (buckets - 1);
      page[at + NEXT] = this.heads[bucket];
      this.heads[bucket] = entry;
    }
  }
}

/** Typed-array columns grow by half when full. */
export function grownCapacity(capacity: number): number {
  return Math.ceil(capacity * 1.5);
}

export function copyInto<T extends Int32Array | Float64Array | Uint8Array | Float32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
