/** Where in an input file something was read: what a steward needs to find it again. */
export interface SourceLocation {
  readonly file: string;
  /** One-based line. */
  readonly line: number;
  /** One-based column, when known. */
  readonly column?: number;
  /** The XML element path, e.g. InterchangeStudent/Student/Name. */
  readonly element?: string;
}

/** An Ed-Fi resource or interchange element mapped to a contract's record shape. */
export interface MappedRecord {
  readonly kind: 'record';
  readonly location: SourceLocation;
  readonly contractId: string;
  readonly record: Record<string, unknown>;
  /**
   * Fields of the source the contract does not carry, as paths without values (JSON Pointers
   * for JSON, element paths for XML). They were left out of the record, never sent.
   */
  readonly leftOut: readonly string[];
}

/** A line that already is a hub envelope: published as given, the hub's rules decide. */
export interface EnvelopeLine {
  readonly kind: 'envelope';
  readonly location: SourceLocation;
  readonly envelope: Record<string, unknown>;
}

/** Input that cannot be read as the format claims. Never carries the offending text. */
export interface MalformedInput {
  readonly kind: 'malformed';
  readonly location: SourceLocation;
  readonly reason: string;
  /** True when reading went on after it (a bad NDJSON line); false when the file ends here for the reader. */
  readonly resumable: boolean;
}

/** An interchange element no contract carries (e.g. GraduationPlan): counted, not loaded. */
export interface SkippedElement {
  readonly kind: 'skipped';
  readonly location: SourceLocation;
  readonly element: string;
}

export type InterchangeItem = MappedRecord | EnvelopeLine | MalformedInput | SkippedElement;
