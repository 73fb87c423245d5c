import { mixHash } from '../index-store/hashing';

/** Seeded pseudo-random numbers (sfc32), so every evaluation run is reproducible. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator determined by the seed and any further integers (e.g. person and record numbers). */
  constructor(...seed: number[]) {
    this.a = mixHash(1, ...seed);
    this.b = mixHash(2, ...seed);
    this.c = mixHash(3, ...seed);
    this.d = mixHash(4, ...seed);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Integer in [min, max]. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Fisher–Yates, in place. */
  shuffle<T extends { [index: number]: number; length: number }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const item = items[i];
      items[i] = items[j];
      items[j] = item;
    }
    return items;
  }
}
