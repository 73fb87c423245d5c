/**
 * Kafka's wire primitives (https://kafka.apache.org/protocol#protocol_types), for the few
 * requests kafkajs does not speak (scram-credentials.ts). Big-endian integers; "compact"
 * strings, bytes and arrays (flexible versions) carry their length plus one as an unsigned
 * varint, 0 meaning null; tagged fields are a varint count of (tag, size, bytes).
 */

/** A response that is not what Kafka's protocol says it should be: truncated, or with impossible lengths. */
export class KafkaProtocolError extends Error {
  override readonly name = 'KafkaProtocolError';
}

export class WireWriter {
  private readonly parts: Buffer[] = [];

  int8(value: number): this {
    return this.push(Buffer.from([value & 0xff]));
  }

  int16(value: number): this {
    const part = Buffer.alloc(2);
    part.writeInt16BE(value);
    return this.push(part);
  }

  int32(value: number): this {
    const part = Buffer.alloc(4);
    part.writeInt32BE(value);
    return this.push(part);
  }

  int64(value: bigint): this {
    const part = Buffer.alloc(8);
    part.writeBigInt64BE(value);
    return this.push(part);
  }

  unsignedVarint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`an unsigned varint holds 0 to 2^32-1, got ${value}`);
    const bytes: number[] = [];
    let rest = value;
    while (rest > 0x7f) {
      bytes.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    bytes.push(rest);
    return this.push(Buffer.from(bytes));
  }

  /** STRING / NULLABLE_STRING: an int16 length (-1 for null), then UTF-8. */
  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > 0x7fff) throw new RangeError('a Kafka STRING holds at most 32767 bytes');
    return this.int16(bytes.length).push(bytes);
  }

  /** COMPACT_STRING / COMPACT_NULLABLE_STRING. */
  compactString(value: string | null): this {
    return value === null ? this.unsignedVarint(0) : this.compactBytes(Buffer.from(value, 'utf8'));
  }

  /** COMPACT_BYTES / COMPACT_NULLABLE_BYTES. */
  compactBytes(value: Buffer | null): this {
    if (value === null) return this.unsignedVarint(0);
    return this.unsignedVarint(value.length + 1).push(value);
  }

  /** ARRAY: an int32 count, then each element. */
  array<T>(items: readonly T[], write: (writer: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(this, item);
    return this;
  }

  /** COMPACT_ARRAY. */
  compactArray<T>(items: readonly T[], write: (writer: this, item: T) => void): this {
    this.unsignedVarint(items.length + 1);
    for (const item of items) write(this, item);
    return this;
  }

  /** The tagged fields section of a flexible structure; this client never sends any. */
  noTaggedFields(): this {
    return this.unsignedVarint(0);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }

  private push(part: Buffer): this {
    this.parts.push(part);
    return this;
  }
}

export class WireReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  int8(): number {
    return this.take(1).readInt8();
  }

  int16(): number {
    return this.take(2).readInt16BE();
  }

  int32(): number {
    return this.take(4).readInt32BE();
  }

  int64(): bigint {
    return this.take(8).readBigInt64BE();
  }

  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.take(1)[0];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > 0xffffffff) break;
        return value;
      }
    }
    throw new KafkaProtocolError('an unsigned varint longer than 32 bits');
  }

  /** NULLABLE_STRING (STRING never holds null: callers that need one check). */
  string(): string | null {
    const length = this.int16();
    if (length === -1) return null;
    if (length < 0) throw new KafkaProtocolError(`a string of length ${length}`);
    return this.take(length).toString('utf8');
  }

  compactString(): string | null {
    return this.compactBytes()?.toString('utf8') ?? null;
  }

  compactBytes(): Buffer | null {
    const lengthPlusOne = this.unsignedVarint();
    return lengthPlusOne === 0 ? null : Buffer.from(this.take(lengthPlusOne - 1));
  }

  array<T>(read: (reader: this) => T): T[] {
    const count = this.int32();
    if (count === -1) return [];
    return this.elements(count, read);
  }

  compactArray<T>(read: (reader: this) => T): T[] {
    const countPlusOne = this.unsignedVarint();
    return countPlusOne === 0 ? [] : this.elements(countPlusOne - 1, read);
  }

  /** Skips a tagged fields section: none of the fields this client reads are tagged. */
  skipTaggedFields(): void {
    const count = this.unsignedVarint();
    for (let field = 0; field < count; field++) {
      this.unsignedVarint();
      this.take(this.unsignedVarint());
    }
  }

  /** Refuses bytes left over: a response longer than its schema was misread. */
  end(): void {
    if (this.remaining !== 0) throw new KafkaProtocolError(`${this.remaining} unexpected bytes after the response`);
  }

  private elements<T>(count: number, read: (reader: this) => T): T[] {
    // Every element takes at least one byte, so a count beyond what is left is a lie, not a reason to loop.
    if (count < 0 || count > this.remaining) throw new KafkaProtocolError(`an array of ${count} elements in ${this.remaining} bytes`);
    return Array.from({ length: count }, () => read(this));
  }

  private take(length: number): Buffer {
    if (length > this.remaining) throw new KafkaProtocolError(`truncated: ${length} bytes wanted, ${this.remaining} left`);
    const part = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return part;
  }
}
