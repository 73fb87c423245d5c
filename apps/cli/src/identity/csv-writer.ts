import { once } from 'node:events';

const NEEDS_QUOTES = /[",\r\n]/;

/** A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  // A leading byte order mark is quoted too, so a reader that skips the file's BOM keeps it.
  if (NEEDS_QUOTES.test(value) || value.charCodeAt(0) === 0xfeff) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** One record with its CRLF line break. A record of one empty field is written `""`, not as a blank line. */
export function csvRecord(fields: readonly string[]): string {
  if (fields.length === 1 && fields[0] === '') return '""\r\n';
  return `${fields.map(csvField).join(',')}\r\n`;
}

const FLUSH_CHARS = 64 * 1024;

/**
 * Writes CSV records to a stream in blocks of about 64 KiB, respecting backpressure: call
 * `drain()` between batches and memory stays at one block plus the stream's buffer.
 */
export class CsvWriter {
  private buffer = '';
  private failure: Error | undefined;

  /** A stream error (disk full, a closed pipe) is kept and thrown by the next drain or flush. */
  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  write(fields: readonly string[]): void {
    this.buffer += csvRecord(fields);
  }

  /** Text as it is, for a file that is not CSV (the --explain waterfalls), with the same blocks and backpressure. */
  writeText(text: string): void {
    this.buffer += text;
  }

  /** Hands the buffered records to the stream once they fill a block, and waits while the stream is full. */
  async drain(): Promise<void> {
    if (this.buffer.length < FLUSH_CHARS) return;
    await this.flush();
  }

  /** Hands everything buffered to the stream, and waits while the stream is full. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const text = this.buffer;
    this.buffer = '';
    if (!this.stream.write(text)) await once(this.stream, 'drain');
    if (this.failure) throw this.failure;
  }
}
