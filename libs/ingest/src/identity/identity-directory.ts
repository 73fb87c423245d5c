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

  /** The current version of every record about the person, whichever source sent it. */
  async recordsOf(sid: string): Promise<StoredVersion[]> {
    const rows: HistoryRow[] = await this.dataSource.query(
      `SELECT h.* FROM record_history h
        WHERE h.is_latest AND h.operation = 'upsert' AND h.person_local_id IS NOT NULL
          AND EXISTS (
            SELECT 1 FROM identity_record i
             WHERE i.sid = $1 AND i.local_id = h.person_local_id
               AND (i.source_system = h.source_system
                    OR NOT EXISTS (SELECT 1 FROM identity_record own WHERE own.source_system = h.source_system AND own.local_id = h.person_local_id)))
        ORDER BY h.contract_id, h.source_system, h.valid_from`,
      [sid],
    );
    return rows.map(toStoredVersion);
  }
}
