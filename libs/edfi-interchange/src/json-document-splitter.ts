/** A position in a text file: one-based line and column. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** The JSON text of one top-level object and where it starts. */
export interface JsonObjectText extends TextPosition {
  readonly text: string;
}

/** Where the document breaks JSON's structure; the reason names what was expected, never the text found. */
export interface JsonStructureError {
  readonly position: TextPosition;
  readonly reason: string;
}

export interface SplitChunk {
  /** The objects the chunk completed, in order, up to an error. */
  readonly objects: JsonObjectText[];
  readonly error?: JsonStructureError;
}

type State = 'start' | 'array-open' | 'in-object' | 'after-object' | 'after-comma' | 'done';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Splits a JSON document that is an array of objects (what GET /ed-fi/<resource> returns) or
 * one object into its top-level objects as chunks stream in, so a large file never has to be
 * in memory at once. It checks the structure between objects; each object's own text is left
 * to JSON.parse.
 */
export class JsonDocumentSplitter {
  private state: State = 'start';
  private inArray = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private objectText = '';
  private objectStart: TextPosition = { line: 1, column: 1 };
  private line = 1;
  private column = 0;

  push(chunk: string): SplitChunk {
    const completed: JsonObjectText[] = [];
    let segmentStart = 0;
    for (let index = 0; index < chunk.length; index++) {
      const char = chunk[index];
      if (char === '\n') {
        this.line++;
        this.column = 0;
      } else {
        this.column++;
      }
      if (this.state === 'in-object') {
        if (this.closesObject(char)) {
          completed.push({ ...this.objectStart, text: this.objectText + chunk.slice(segmentStart, index + 1) });
          this.objectText = '';
          this.state = this.inArray ? 'after-object' : 'done';
        }
        continue;
      }
      if (WHITESPACE.has(char) || (char === '\uFEFF' && this.line === 1 && this.column === 1)) continue;
      if (char === '{' && (this.state === 'start' || this.state === 'array-open' || this.state === 'after-comma')) {
        this.state = 'in-object';
        this.depth = 1;
        this.inString = false;
        this.objectStart = { line: this.line, column: this.column };
        segmentStart = index;
      } else if (char === '[' && this.state === 'start') {
        this.inArray = true;
        this.state = 'array-open';
      } else if (char === ']' && (this.state === 'array-open' || this.state === 'after-object')) {
        this.state = 'done';
      } else if (char === ',' && this.state === 'after-object') {
        this.state = 'after-comma';
      } else {
        return { objects: completed, error: { position: { line: this.line, column: this.column }, reason: this.expectation() } };
      }
    }
    if (this.state === 'in-object') this.objectText += chunk.slice(segmentStart);
    return { objects: completed };
  }

  /** Call at the end of the input: an unfinished document is an error. */
  end(): JsonStructureError | undefined {
    // Where the missing text would have started.
    const position = { line: this.line, column: this.column + 1 };
    switch (this.state) {
      case 'done':
        return undefined;
      case 'start':
        return { position, reason: 'the file holds no JSON' };
      case 'in-object':
        return { position, reason: `the file ends inside the object that starts at line ${this.objectStart.line}` };
      default:
        return { position, reason: 'the file ends before the array is closed with "]"' };
    }
  }

  private closesObject(char: string): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (char === '\\') this.escaped = true;
      else if (char === '"') this.inString = false;
    } else if (char === '"') {
      this.inString = true;
    } else if (char === '{' || char === '[') {
      this.depth++;
    } else if (char === '}' || char === ']') {
      this.depth--;
      return this.depth === 0;
    }
    return false;
  }

  private expectation(): string {
    switch (this.state) {
      case 'start':
        return 'expected a JSON array of Ed-Fi resources ("[") or one resource object ("{")';
      case 'array-open':
        return 'expected a resource object ("{") or the end of the array ("]")';
      case 'after-comma':
        return 'expected a resource object ("{") after ","';
      case 'after-object':
        return 'expected "," or "]" after a resource object';
      default:
        return 'unexpected content after the end of the JSON document';
    }
  }
}

/**
 * Where JSON.parse failed inside `text`, which starts at `start`. V8's message is not passed on:
 * it can quote the input, and the input is a child's record.
 */
export function jsonParseErrorPosition(error: unknown, text: string, start: TextPosition): TextPosition {
  const offset = Number(/position (\d+)/.exec(String((error as Error)?.message))?.[1] ?? Number.NaN);
  if (!Number.isFinite(offset)) return start;
  const before = text.slice(0, offset);
  const newlines = before.split('\n').length - 1;
  return newlines === 0 ? { line: start.line, column: start.column + offset } : { line: start.line + newlines, column: offset - before.lastIndexOf('\n') };
}
