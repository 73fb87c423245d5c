import type { DataSource } from 'typeorm';

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

/** Reads stored versions back with their history and lineage. */
export class RecordHistory {
  constructor(private readonly dataSource: DataSource) {}

  /** The latest version from each source system of one record; deleted records are left out. */
  async currentVersions(contractId: string, naturalKey: string): Promise<StoredVersion[]> {
    const rows: HistoryRow[] = await this.dataSource.query(
      `SELECT * FROM record_history
        WHERE contract_id = $1 AND natural_key = $2 AND is_latest AND operation = 'upsert'
        ORDER BY source_system`,
      [contractId, naturalKey],
    );
    return rows.map(toStoredVersion);
  }

  /** Every version of one source record, oldest first. */
  async history(contractId: string, sourceSystem: string, naturalKey: string): Promise<StoredVersion[]> {
    const rows: HistoryRow[] = await this.dataSource.query(
      `SELECT * FROM record_history
        WHERE contract_id = $1 AND source_system = $2 AND natural_key = $3
        ORDER BY valid_from, id`,
      [contractId, sourceSystem, naturalKey],
    );
    return rows.map(toStoredVersion);
  }
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
