/** A released element holds one scalar, so every value can be written to a CSV file and scanned. */
export type MicrodataValue = string | number | boolean | null;

/** One record of a record-level (microdata) extract, by element name. */
export type MicrodataRecord = Readonly<Record<string, MicrodataValue>>;

/** Stands in for a withheld value or count. */
export const SUPPRESSED = '*';

/**
 * The data or settings cannot be released safely. Messages name elements and tables, never a
 * record's values, so they can be logged and shown to a steward.
 */
export class DisclosureControlError extends Error {
  override readonly name = 'DisclosureControlError';
}
