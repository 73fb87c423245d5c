type TypedArray = Int32Array | Int16Array | Int8Array | Uint8Array | Float64Array;
type TypedArrayOf<T extends TypedArray> = { new (length: number): T };

/**
 * Aligned typed columns that grow as facts stream in (doubling), then are cut to their length:
 * a million rows cost a few bytes per column each, not an object per row.
 */
export class GrowableColumns<Spec extends Record<string, TypedArrayOf<TypedArray>>> {
  private arrays: { [K in keyof Spec]: InstanceType<Spec[K]> };
  private capacity = 1024;
  length = 0;

  constructor(private readonly spec: Spec) {
    this.arrays = this.allocate(this.capacity);
  }

  push(values: { [K in keyof Spec]: number }): void {
    if (this.length === this.capacity) this.grow();
    for (const name in this.arrays) this.arrays[name][this.length] = values[name];
    this.length++;
  }

  /** The columns, exactly `length` long. */
  columns(): { [K in keyof Spec]: InstanceType<Spec[K]> } {
    const result = {} as { [K in keyof Spec]: InstanceType<Spec[K]> };
    for (const name in this.arrays) result[name] = this.arrays[name].slice(0, this.length) as InstanceType<Spec[typeof name]>;
    return result;
  }

  private grow(): void {
    const next = this.allocate(this.capacity * 2);
    for (const name in this.arrays) next[name].set(this.arrays[name]);
    this.arrays = next;
    this.capacity *= 2;
  }

  private allocate(capacity: number): { [K in keyof Spec]: InstanceType<Spec[K]> } {
    const arrays = {} as { [K in keyof Spec]: InstanceType<Spec[K]> };
    for (const name in this.spec) arrays[name] = new this.spec[name](capacity) as InstanceType<Spec[typeof name]>;
    return arrays;
  }
}
