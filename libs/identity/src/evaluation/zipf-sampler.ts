import type { Random } from '../model/seeded-random';

/** Samples items with weights falling off as 1 / (rank + offset)^exponent: a Zipf-like frequency. */
export class ZipfSampler<T> {
  private readonly cumulative: Float64Array;

  constructor(
    private readonly items: readonly T[],
    exponent: number,
    offset: number,
  ) {
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    items.forEach((_, rank) => {
      total += 1 / (rank + 1 + offset) ** exponent;
      this.cumulative[rank] = total;
    });
    this.cumulative.forEach((value, rank) => (this.cumulative[rank] = value / total));
  }

  sample(random: Random): T {
    const target = random.next();
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return this.items[low];
  }

  /** Probability of the item at this rank. */
  share(rank: number): number {
    return this.cumulative[rank] - (rank === 0 ? 0 : this.cumulative[rank - 1]);
  }
}
