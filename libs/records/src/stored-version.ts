/** Rows of the record_history view (see the migrations), as every reader returns them. */

/** A stored version as the API shows it: the record plus its lineage. */
export interface StoredVersion {
  contractId: string;
  contractVersion: string;
  sourceSystem: string;
  naturalKey: string;
  operation: 'upsert' | 'delete';
  record: unknown;
  validFrom: string;
  validTo: string | null;
  lineage: { topic: string; partition: number; offset: string; arrivedAt: string; eventTime: string };
}

export interface HistoryRow {
  contract_id: string;
  contract_version: string;
  source_system: string;
  natural_key: string;
  operation: 'upsert' | 'delete';
  record: unknown;
  valid_from: Date;
  valid_to: Date | null;
  topic: string;
  partition: number;
  kafka_offset: string;
  arrived_at: Date;
  event_time: Date;
}

export function toStoredVersion(row: HistoryRow): StoredVersion {
  return {
    contractId: row.contract_id,
    contractVersion: row.contract_version,
    sourceSystem: row.source_system,
    naturalKey: row.natural_key,
    operation: row.operation,
    record: row.record,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to?.toISOString() ?? null,
    lineage: {
      topic: row.topic,
      partition: row.partition,
      offset: row.kafka_offset,
      arrivedAt: row.arrived_at.toISOString(),
      eventTime: row.event_time.toISOString(),
    },
  };
}
