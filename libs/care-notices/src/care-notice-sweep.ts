import { AuditLog } from '@lantern/audit';
import type { DataSource } from 'typeorm';
import { closeNotices } from './notice-store';

/**
 * Time-driven changes, run periodically by the service and with an explicit instant by tests:
 * unacknowledged notices past their escalation time go to the district contact; notices past
 * their expiry close (leaving every inbox, their personal data purged). Each run is one
 * transaction with one audit entry per kind of change.
 */
export class CareNoticeSweep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
  ) {}

  async run(at: Date): Promise<{ escalated: number; expired: number }> {
    return this.dataSource.transaction(async (manager) => {
      const expired = await closeNotices(manager, { expiredBy: at }, 'expired', at);
      const escalated: Array<{ id: string; sid: string; district_id: string }> = await manager.query(
        `WITH escalated AS (
           UPDATE care_notice SET escalated_at = $1
            WHERE closed_at IS NULL AND acknowledged_at IS NULL AND escalated_at IS NULL AND escalate_at <= $1
            RETURNING id, sid, district_id)
         SELECT * FROM escalated`,
        [at],
      );
      if (escalated.length > 0) {
        await manager.query(`INSERT INTO care_notice_event (notice_id, organization_id, type) SELECT unnest($1::bigint[]), unnest($2::text[]), 'escalated'`, [
          escalated.map((notice) => notice.id),
          escalated.map((notice) => notice.district_id),
        ]);
        await this.auditLog.append(
          { kind: 'care-notice-escalated', actor: 'system', details: { noticeIds: escalated.map((notice) => String(notice.id)), sids: escalated.map((notice) => notice.sid) } },
          manager,
        );
      }
      if (expired.length > 0) {
        await this.auditLog.append(
          { kind: 'care-notice-expired', actor: 'system', details: { noticeIds: expired.map((notice) => notice.id), sids: expired.map((notice) => notice.sid) } },
          manager,
        );
      }
      return { escalated: escalated.length, expired: expired.length };
    });
  }
}
