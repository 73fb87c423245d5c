import { StringDecoder } from 'node:string_decoder';

/**
 * One record of a CSV file: its fields, and the physical lines it spans (1-based, the header is
 * line 1); a quoted field with line breaks makes a record span several lines.
 */
export interface CsvRow {
  readonly kind: 'row';
  readonly fields: string[];
  readonly line: number;
  readonly lastLine: number;
}

/**
 * A record that breaks RFC 4180, skipped whole (all of lines line–lastLine). `problem` describes
 * the syntax, never the content.
 */
export interface CsvMalformed {
  readonly kind: 'malformed';
  readonly line: number;
  readonly lastLine: number;
  readonly problem: string;
}

export type CsvItem = CsvRow | CsvMalformed;

export interface CsvReaderOptions {
  /**
   * Characters one record may hold. A longer record is almost always a quote left open, which
   * would otherwise swallow the rest of the file into one field (and into memory): it is
   * reported and reading resumes at the next line break. Default 65,536.
   */
  readonly maxRecordChars?: number;
}

export const DEFAULT_MAX_RECORD_CHARS = 65_536;

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

const enum State {
  /** Before the first character of a record. */
  RecordStart,
  /** Before the first character of a field that is not the record's first. */
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either the first of an escaped pair or the closing quote. */
  QuoteInQuoted,
  /** Discarding the rest of an overlong record up to the next line break. */
  Resync,
}

/**
 * Incremental RFC 4180 parser: feed it text in chunks of any size and it returns the records
 * completed so far. Fields may be quoted; quoted fields may hold commas, doubled quotes and line
 * breaks. Records end with CRLF, LF or a lone CR; a byte order mark at the very start is
 * skipped; a blank line (no characters at all) is not a record. Malformed records — a quote
 * inside an unquoted field, text after a closing quote, a quoted field never closed, an overlong
 * record — are returned as `malformed` with the line they start on, and reading goes on.
 *
 * Memory holds one record at most (bounded by maxRecordChars), whatever the input's size.
 */
export class CsvParser {
  private readonly maxRecordChars: number;
  private state = State.RecordStart;
  private fields: string[] = [];
  /** The current field's text from earlier chunks or segments (escaped quotes split segments). */
  private field = '';
  private problem: string | undefined;
  /** Current physical line (1-based). */
  private line = 1;
  private recordLine = 1;
  private recordChars = 0;
  /** The last character of the previous chunk was CR: an LF opening this one ends the same line. */
  private previousWasCr = false;
  private started = false;

  constructor(options: CsvReaderOptions = {}) {
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  /** Parses the next chunk; returns the records it completed. */
  push(text: string): CsvItem[] {
    const items: CsvItem[] = [];
    const length = text.length;
    let i = 0;
    if (!this.started && length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    /** Start of the current field's text in this chunk (Unquoted, Quoted), -1 when none. */
    let segment = this.state === State.Unquoted || this.state === State.Quoted ? i : -1;

    for (; i < length; i++) {
      const code = text.charCodeAt(i);
      // Line counting: CR ends a line; LF ends one unless it completes a CRLF.
      if (code === LF) {
        const afterCr = i > 0 ? text.charCodeAt(i - 1) === CR : this.previousWasCr;
        if (!afterCr) this.line++;
        else if (this.state === State.RecordStart) continue; // the LF of a CRLF that ended a record
      } else if (code === CR) {
        this.line++;
      }

      if (this.state !== State.RecordStart && this.state !== State.Resync && ++this.recordChars > this.maxRecordChars) {
        this.resync();
        segment = -1;
      }

      switch (this.state) {
        case State.RecordStart:
          if (code === LF || code === CR) continue; // a blank line
          this.recordLine = this.line;
          this.recordChars = 1;
          this.state = State.FieldStart;
        // falls through: the character opens the record's first field
        case State.FieldStart:
          if (code === QUOTE) {
            this.state = State.Quoted;
            segment = i + 1;
          } else if (code === COMMA) {
            this.fields.push('');
          } else if (code === CR || code === LF) {
            this.fields.push('');
            this.endRecord(items, this.line - 1);
          } else {
            this.state = State.Unquoted;
            segment = i;
          }
          break;
        case State.Unquoted:
          if (code === COMMA) {
            this.fields.push(this.field + text.slice(segment, i));
            this.field = '';
            segment = -1;
            this.state = State.FieldStart;
          } else if (code === CR || code === LF) {
            this.fields.push(this.field + text.slice(segment, i));
            this.field = '';
            segment = -1;
            this.endRecord(items, this.line - 1);
          } else if (code === QUOTE) {
            this.problem ??= 'a quote inside a field that does not start with a quote (quote the field and double the quote)';
          } else {
            // The rest of the field up to the next comma, quote or line break is its text: skipped
            // to in one scan.
            let next = i + 1;
            while (next < length) {
              const ahead = text.charCodeAt(next);
              if (ahead === COMMA || ahead === QUOTE || ahead === CR || ahead === LF) break;
              next++;
            }
            this.recordChars += next - i - 1;
            i = next - 1;
            if (this.recordChars > this.maxRecordChars) {
              this.resync();
              segment = -1;
            }
          }
          break;
        case State.Quoted:
          if (code === QUOTE) {
            this.field += text.slice(segment, i);
            segment = -1;
            this.state = State.QuoteInQuoted;
          }
          break;
        case State.QuoteInQuoted:
          if (code === QUOTE) {
            this.state = State.Quoted;
            segment = i; // the second quote of the pair is the field's text
          } else if (code === COMMA) {
            this.fields.push(this.field);
            this.field = '';
            this.state = State.FieldStart;
          } else if (code === CR || code === LF) {
            this.fields.push(this.field);
            this.field = '';
            this.endRecord(items, this.line - 1);
          } else {
            this.problem ??= 'text after the closing quote of a field';
            this.state = State.Unquoted;
            segment = i;
          }
          break;
        case State.Resync:
          if (code === CR || code === LF) {
            items.push({ kind: 'malformed', line: this.recordLine, lastLine: this.line - 1, problem: this.overlong() });
            this.problem = undefined;
            this.state = State.RecordStart;
          }
          break;
      }
    }
    if (segment >= 0) this.field += text.slice(segment);
    if (length > 0) this.previousWasCr = text.charCodeAt(length - 1) === CR;
    return items;
  }

  /** Completes the input: returns the last record when the file does not end with a line break. */
  end(): CsvItem[] {
    const items: CsvItem[] = [];
    switch (this.state) {
      case State.RecordStart:
        break;
      case State.Quoted:
        items.push({ kind: 'malformed', line: this.recordLine, lastLine: this.line, problem: 'a quoted field is not closed before the end of the file' });
        break;
      case State.Resync:
        items.push({ kind: 'malformed', line: this.recordLine, lastLine: this.line, problem: this.overlong() });
        break;
      default:
        this.fields.push(this.field);
        this.endRecord(items, this.line);
    }
    this.state = State.RecordStart;
    this.fields = [];
    this.field = '';
    this.problem = undefined;
    return items;
  }

  private endRecord(items: CsvItem[], lastLine: number): void {
    const line = this.recordLine;
    items.push(this.problem === undefined ? { kind: 'row', fields: this.fields, line, lastLine } : { kind: 'malformed', line, lastLine, problem: this.problem });
    this.fields = [];
    this.problem = undefined;
    this.state = State.RecordStart;
  }

  /** Drops the overlong record read so far: the rest of it, up to the next line break, is discarded. */
  private resync(): void {
    this.state = State.Resync;
    this.fields = [];
    this.field = '';
  }

  private overlong(): string {
    return `a record longer than ${this.maxRecordChars.toLocaleString('en-US')} characters (a quote left open?)`;
  }
}

/** A batch of records and the bytes read to complete them (for progress). */
export interface CsvBatch {
  readonly items: CsvItem[];
  readonly bytes: number;
  /** Some text read so far, this batch's included, was not valid UTF-8 (read as U+FFFD); false means no field holds U+FFFD. */
  readonly undecodable: boolean;
}

/** What invalid UTF-8 is decoded as. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * Streams a CSV source (a file read stream, or any async iterable of UTF-8 bytes or text) as
 * batches of records, one batch per chunk read. Invalid UTF-8 becomes U+FFFD, which callers
 * can report.
 */
export async function* readCsv(source: AsyncIterable<Buffer | Uint8Array | string>, options: CsvReaderOptions = {}): AsyncGenerator<CsvBatch> {
  const parser = new CsvParser(options);
  const decoder = new StringDecoder('utf8');
  // Once seen, for good: a record may have begun in an earlier chunk.
  let undecodable = false;
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    undecodable ||= text.includes(REPLACEMENT_CHARACTER);
    yield { items: parser.push(text), bytes: typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength, undecodable };
  }
  const rest = decoder.end();
  undecodable ||= rest.includes(REPLACEMENT_CHARACTER);
  yield { items: [...parser.push(rest), ...parser.end()], bytes: 0, undecodable };
}

/** Every record of a complete text (tests, small inputs). */
export function parseCsv(text: string, options: CsvReaderOptions = {}): CsvItem[] {
  const parser = new CsvParser(options);
  return [...parser.push(text), ...parser.end()];
}
