import type { DataSource } from 'typeorm';

export interface CrosswalkEntry {
  sourceSystem: string;
  localId: string;
  sid: string;
  /** How the SID was given: by the matching engine, or by the statewide studentUniqueId another source's record holds. */
  decision: 'link' | 'new' | 'review' | 'statewide-id';
  score: number | null;
  modelId: string;
  linkedAt: string;
}

/**
 * Reads the crosswalk: which SID a source's person id has, and whether it is still under
 * review. (A person's records are the records read model's: `RecordsReadModel.currentRecordsOf`.)
 */
export class IdentityDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async crosswalk(sourceSystem: string, localId: string): Promise<CrosswalkEntry | undefined> {
    const [row]: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT source_system, local_id, sid, decision, score, model_id, created_at FROM identity_record WHERE source_system = $1 AND local_id = $2`,
      [sourceSystem, localId],
    );
    return (
      row && {
        sourceSystem: row.source_system as string,
        localId: row.local_id as string,
        sid: row.sid as string,
        decision: row.decision as CrosswalkEntry['decision'],
        score: row.score as number | null,
        modelId: row.model_id as string,
        linkedAt: (row.created_at as Date).toISOString(),
      }
    );
  }

  /** Whether a steward review of this source's person is still open: until decided, its SID is provisional. */
  async underReview(sourceSystem: string, localId: string): Promise<boolean> {
    const open: unknown[] = await this.dataSource.query(`SELECT 1 FROM identity_review WHERE source_system = $1 AND local_id = $2 AND status = 'open' LIMIT 1`, [sourceSystem, localId]);
    return open.length > 0;
  }
}
