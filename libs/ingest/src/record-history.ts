import { type HistoryRow, type StoredVersion, toStoredVersion } from '@lantern/persistence';
import type { DataSource } from 'typeorm';



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
