/** A JSON Pointer (RFC 6901), e.g. /studentReference/studentUniqueId; '' is the whole document. */
export type JsonPointer = string;

export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function parseJsonPointer(pointer: JsonPointer): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON Pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function formatJsonPointer(segments: readonly string[]): JsonPointer {
  return segments.map((segment) => `/${escapePointerSegment(segment)}`).join('');
}

// The catalogue's pointers are few and read at every record: each is parsed once. The memo is
// bounded so that pointers from elsewhere cannot grow it without end.
const parsedPointers = new Map<JsonPointer, readonly string[]>();
const MAX_PARSED_POINTERS = 4096;

function segmentsOf(pointer: JsonPointer): readonly string[] {
  let segments = parsedPointers.get(pointer);
  if (segments === undefined) {
    segments = parseJsonPointer(pointer);
    if (parsedPointers.size < MAX_PARSED_POINTERS) parsedPointers.set(pointer, segments);
  }
  return segments;
}

/** The value at `pointer`, or undefined when the path does not exist (own properties only). */
export function valueAtPointer(document: unknown, pointer: JsonPointer): unknown {
  let current = document;
  for (const segment of segmentsOf(pointer)) {
    if (Array.isArray(current) && /^(0|[1-9][0-9]*)$/.test(segment)) {
      current = current[Number(segment)];
    } else if (isJsonObject(current) && Object.hasOwn(current, segment)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
