import type { AuditLog } from '@lantern/audit';
import { DEFAULT_THRESHOLDS, type EarlyWarningThresholds } from '@lantern/early-warning';
import type { DataSource } from 'typeorm';

/** A district's thresholds as in force: its own, or the defaults while it has set none. */
export interface DistrictThresholds {
  /** Null for a school no School record places in a district: the defaults apply. */
  districtId: string | null;
  thresholds: EarlyWarningThresholds;
  source: 'district' | 'default';
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The districts' early-warning thresholds (table early_warning_threshold). */
export class ThresholdStore {
  constructor(private readonly dataSource: DataSource) {}

  async of(districtId: string | null): Promise<DistrictThresholds> {
    if (districtId === null) return { districtId, thresholds: DEFAULT_THRESHOLDS, source: 'default', updatedAt: null, updatedBy: null };
    const [row]: Array<{ thresholds: EarlyWarningThresholds; updated_at: Date; updated_by: string }> = await this.dataSource.query(
      `SELECT thresholds, updated_at, updated_by FROM early_warning_threshold WHERE district_id = $1`,
      [districtId],
    );
    if (!row) return { districtId, thresholds: DEFAULT_THRESHOLDS, source: 'default', updatedAt: null, updatedBy: null };
    // A threshold added after the row was written takes its default.
    return { districtId, thresholds: { ...DEFAULT_THRESHOLDS, ...row.thresholds }, source: 'district', updatedAt: row.updated_at.toISOString(), updatedBy: row.updated_by };
  }

  /** Replaces the district's thresholds (checked by the caller with parseThresholds), audited in the same transaction. */
  async set(districtId: string, thresholds: EarlyWarningThresholds, actor: string, auditLog: AuditLog): Promise<DistrictThresholds> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO early_warning_threshold (district_id, thresholds, updated_at, updated_by) VALUES ($1, $2, now(), $3)
         ON CONFLICT (district_id) DO UPDATE SET thresholds = EXCLUDED.thresholds, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [districtId, JSON.stringify(thresholds), actor],
      );
      await auditLog.append({ kind: 'early-warning-thresholds', actor, subject: `district:${districtId}`, details: { thresholds } }, manager);
    });
    return this.of(districtId);
  }
}
