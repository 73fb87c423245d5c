/** What the hub does with the record: store a new version, or record the source's deletion. */
export type Operation = 'upsert' | 'delete';

/** The JSON value of every ingest message (contracts/envelope.schema.json). */
export interface Envelope {
  readonly contract: string;
  readonly contractVersion: string;
  readonly operation: Operation;
  readonly sourceSystem: string;
  /** RFC 3339 date-time with offset. */
  readonly eventTime: string;
  readonly record: Readonly<Record<string, unknown>>;
}
