import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

export type CsvCell = string | number | boolean | null;

/** A file as the manifest lists it. */
export interface PackageFile {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

const FLUSH_BYTES = 256 * 1024;

/** What a spreadsheet would run as a formula at the start of a text cell (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180: quoted only when it must be; a missing value is an empty field. A text cell a
 * spreadsheet would run as a formula is neutralised as OWASP advises: a leading single quote,
 * and quoted. Numbers stay numbers, negative ones too.
 */
export function csvField(value: CsvCell): string {
  if (value === null) return '';
  const text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(value)) return `"'${value.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Cells rendered once (renderCells) for the many rows that end with them. */
export interface RenderedCells {
  readonly count: number;
  readonly csv: string;
}

export function renderCells(cells: readonly CsvCell[]): RenderedCells {
  return { count: cells.length, csv: cells.map(csvField).join(',') };
}

/**
 * A CSV file written as rows arrive, hashed and counted on the way, so a package of millions
 * of rows never sits in memory and the manifest's checksum is of exactly the bytes written.
 */
export class CsvFile {
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  private pending: string[] = [];
  private pendingBytes = 0;
  private bytes = 0;
  private rows = 0;
  /** A write that failed while nothing awaited the stream (its directory removed, the disk full): thrown at the next flush. */
  private failure?: Error;

  private constructor(
    private readonly name: string,
    directory: string,
  ) {
    this.stream = createWriteStream(path.join(directory, name));
    this.stream.on('error', (error) => (this.failure ??= error));
  }

  /** Rejects when the file cannot be made (its directory is gone), rather than failing later with nothing to catch it. */
  static async open(directory: string, name: string, header: readonly string[]): Promise<CsvFile> {
    const file = new CsvFile(name, directory);
    await once(file.stream, 'open');
    await file.writeLine(header.map(csvField).join(','));
    file.rows = 0;
    return file;
  }

  async write(row: readonly CsvCell[]): Promise<void> {
    await this.writeLine(row.map(csvField).join(','));
  }

  /** A row of one cell of its own followed by cells rendered once for many rows. */
  async writeEndingWith(first: CsvCell, rest: RenderedCells): Promise<void> {
    await this.writeLine(rest.count === 0 ? csvField(first) : `${csvField(first)},${rest.csv}`);
  }

  async close(): Promise<PackageFile> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    return { name: this.name, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  private async writeLine(line: string): Promise<void> {
    this.pending.push(line, '\r\n');
    this.pendingBytes += line.length + 2;
    this.rows += 1;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingBytes = 0;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}
