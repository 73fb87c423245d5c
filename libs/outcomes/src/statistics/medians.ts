/** The median of sorted values from `start` (inclusive) to `end` (exclusive): the middle one, or the mean of the middle two. */
export function medianOfSorted(values: ArrayLike<number>, start: number, end: number): number | null {
  const count = end - start;
  if (count <= 0) return null;
  const middle = start + (count >> 1);
  return count % 2 === 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

/**
 * Values grouped by cell without an array per cell: count per cell, then place each value at its
 * cell's offset (a counting sort), then sort each cell's slice. O(n log n) in all, two typed arrays.
 */
export class ValuesByCell {
  private readonly cellOfValue: Int32Array;
  private readonly values: Float64Array;
  private length = 0;

  constructor(
    private readonly cells: number,
    capacity: number,
  ) {
    this.cellOfValue = new Int32Array(capacity);
    this.values = new Float64Array(capacity);
  }

  add(cell: number, value: number): void {
    if (this.length === this.values.length) throw new RangeError('ValuesByCell is full');
    this.cellOfValue[this.length] = cell;
    this.values[this.length++] = value;
  }

  /** Each cell's median and count (cells without values are absent). */
  medians(): Map<number, { median: number; count: number }> {
    const offsets = new Int32Array(this.cells + 1);
    for (let index = 0; index < this.length; index++) offsets[this.cellOfValue[index] + 1]++;
    for (let cell = 0; cell < this.cells; cell++) offsets[cell + 1] += offsets[cell];
    const placed = new Float64Array(this.length);
    const next = offsets.slice(0, this.cells);
    for (let index = 0; index < this.length; index++) placed[next[this.cellOfValue[index]]++] = this.values[index];
    const result = new Map<number, { median: number; count: number }>();
    for (let cell = 0; cell < this.cells; cell++) {
      const [start, end] = [offsets[cell], offsets[cell + 1]];
      if (start === end) continue;
      const slice = placed.subarray(start, end).sort();
      result.set(cell, { median: medianOfSorted(slice, 0, slice.length)!, count: slice.length });
    }
    return result;
  }
}
