/**
 * A multimap from 32-bit fingerprints to 32-bit values in four typed arrays (about 14 bytes per
 * entry). A Map of millions of keys to arrays would cost several times that and load the
 * garbage collector; these arrays are invisible to it. Entries are never removed. Callers that
 * need exact keys verify the value they find (fingerprints of different keys may collide).
 */
export class HashChains {
  private heads: Int32Array;
  private fingerprints: Int32Array;
  private values: Int32Array;
  private next: Int32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, 2 ** Math.ceil(Math.log2(initialCapacity)));
    this.heads = new Int32Array(capacity / 2).fill(-1);
    this.fingerprints = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.heads.byteLength + this.fingerprints.byteLength + this.values.byteLength + this.next.byteLength;
  }

  add(fingerprint: number, value: number): void {
    if (this.count === this.fingerprints.length) this.grow();
    const entry = this.count++;
    const bucket = fingerprint & (this.heads.length - 1);
    this.fingerprints[entry] = fingerprint;
    this.values[entry] = value;
    this.next[entry] = this.heads[bucket];
    this.heads[bucket] = entry;
  }

  /** The newest entry with this fingerprint, or -1. Continue with nextEntry. */
  firstEntry(fingerprint: number): number {
    return this.skipTo(this.heads[fingerprint & (this.heads.length - 1)], fingerprint);
  }

  nextEntry(entry: number, fingerprint: number): number {
    return this.skipTo(this.next[entry], fingerprint);
  }

  valueAt(entry: number): number {
    return this.values[entry];
  }

  private skipTo(start: number, fingerprint: number): number {
    let entry = start;
    while (entry >= 0 && this.fingerprints[entry] !== fingerprint) entry = this.next[entry];
    return entry;
  }

  // Grows by half (less slack than doubling in the largest arrays of the index), keeping at most
  // two entries per bucket on average; chains are rebuilt only when the bucket count changes.
  private grow(): void {
    const capacity = grownCapacity(this.fingerprints.length);
    this.fingerprints = copyInto(new Int32Array(capacity), this.fingerprints);
    this.values = copyInto(new Int32Array(capacity), this.values);
    this.next = copyInto(new Int32Array(capacity), this.next);
    const buckets = 2 ** Math.ceil(Math.log2(capacity / 2));
    if (buckets === this.heads.length) return;
    this.heads = new Int32Array(buckets).fill(-1);
    for (let entry = 0; entry < this.count; entry++) {
      const bucket = this.fingerprints[entry] & (buckets - 1);
      this.next[entry] = this.heads[bucket];
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
