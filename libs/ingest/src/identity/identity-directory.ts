import type { DataSource } from 'typeorm';
import { type HistoryRow, type StoredVersion, toStoredVersion } from '@lantern/persistence';

export interface CrosswalkEntry {
  sourceSystem: string;
  localId: string;
  sid: string;
  decision: 'link' | 'new' | 'review';
  score: number | null;
  modelId: string;
  linkedAt: string;
}

/**
 * Reads the crosswalk: which SID a source's person id has, and every current record about a
 * SID. A record reaches its SID through its own source's crosswalk entry, or, when its source
 * never sent the person's identity (an enrolment naming a statewide studentUniqueId), through
 * the entry of any source for that id.
 */
export class IdentityDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async crosswalk(sourceSystem: string, localId: string): Promise<CrosswalkEntry | undefined> {
    const [row]: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT source_system, local_id, sid, decision, score, model_id, created_at FROM identity_record WHERE source_system = $1 AND local_id = $2`,
      [sourceSystem, localId],
    );
    return row && {
      sourceSystem: row.source_system as string,
      localId: row.local_id as string,
      sid: row.sid as string,
      decision: row.decision as CrosswalkEntry['decision'],
      score: row.score as number | null,
      modelId: row.model_id as string,
      linkedAt: (row.created_at as Date).toISOString(),
    };
  }

  /**
   * The current version of every record about the person, whichever source sent it. The same
   * rows as `record_history` with `is_latest`, read by index from the person's local ids rather
   * than through the view (whose window would sort every stored version on each call).
   */
  async recordsOf(sid: string): Promise<StoredVersion[]> {
    const rows: HistoryRow[] = await this.dataSource.query(
      `SELECT v.*, v.event_time AS valid_from, NULL::timestamptz AS valid_to
         FROM identity_record i
         JOIN record_version v ON v.person_local_id = i.local_id
        WHERE i.sid = $1 AND v.operation = 'upsert'
          AND (i.source_system = v.source_system
               OR NOT EXISTS (SELECT 1 FROM identity_record own WHERE own.source_system = v.source_system AND own.local_id = v.person_local_id))
          AND NOT EXISTS (SELECT 1 FROM record_version newer
                           WHERE newer.contract_id = v.contract_id AND newer.natural_key = v.natural_key AND newer.source_system = v.source_system
                             AND (newer.event_time, newer.id) > (v.event_time, v.id))
        ORDER BY v.contract_id, v.source_system, v.event_time`,
      [sid],
    );
    return rows.map(toStoredVersion);
  }
}
