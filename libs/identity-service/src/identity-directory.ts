import { type FieldEvidence, type Waterfall, waterfall } from '@lantern/identity';
import type { DataSource } from 'typeorm';

export interface CrosswalkEntry {
  sourceSystem: string;
  localId: string;
  sid: string;
  /** How the SID was given: by the matching engine, or by the statewide studentUniqueId another source's record holds. */
  decision: 'link' | 'new' | 'review' | 'statewide-id';
  score: number | null;
  /** The model that decided (IdentityModel.id), or 'statewide-id'. */
  modelId: string;
  /** How the engine reached its score; null for statewide-id links, new people without a candidate, and decisions stored before the weights were. */
  explanation: Waterfall | null;
  linkedAt: string;
}

/** Records of one source system that the engine resolved with fields compared as missing (absent or malformed), by field. */
export interface SourceQualityWarnings {
  sourceSystem: string;
  warnings: Array<{ field: string; records: number }>;
}

/**
 * Reads the crosswalk: which SID a source's person id has, and whether it is still under
 * review. (A person's records are the records read model's: `RecordsReadModel.currentRecordsOf`.)
 */
export class IdentityDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async crosswalk(sourceSystem: string, localId: string): Promise<CrosswalkEntry | undefined> {
    const [row]: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT source_system, local_id, sid, decision, score, model_id, evidence, created_at FROM identity_record WHERE source_system = $1 AND local_id = $2`,
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
        explanation: waterfall((row.evidence as FieldEvidence[] | null) ?? []),
        linkedAt: (row.created_at as Date).toISOString(),
      }
    );
  }

  /** Data-quality warnings counted at resolution, per source system: counts only, never values. */
  async qualityWarnings(): Promise<SourceQualityWarnings[]> {
    const rows: Array<{ source_system: string; field: string; records: string }> = await this.dataSource.query(
      `SELECT source_system, field, records FROM identity_quality_warning ORDER BY source_system, field`,
    );
    const bySource = new Map<string, SourceQualityWarnings>();
    for (const row of rows) {
      const source = bySource.get(row.source_system) ?? { sourceSystem: row.source_system, warnings: [] };
      bySource.set(row.source_system, source);
      source.warnings.push({ field: row.field, records: Number(row.records) });
    }
    return [...bySource.values()];
  }

  /** Whether a steward review of this source's person is still open: until decided, its SID is provisional. */
  async underReview(sourceSystem: string, localId: string): Promise<boolean> {
    const open: unknown[] = await this.dataSource.query(`SELECT 1 FROM identity_review WHERE source_system = $1 AND local_id = $2 AND status = 'open' LIMIT 1`, [sourceSystem, localId]);
    return open.length > 0;
  }
}
