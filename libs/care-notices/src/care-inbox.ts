import { AuditLog } from '@lantern/audit';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import { type Principal, Role } from '@lantern/governance';
import type { DataSource } from 'typeorm';

/** The words every notice carries, and all it says about why. */
export const HANDLE_WITH_CARE = 'Handle with Care';

export interface CareNotice {
  noticeId: string;
  words: typeof HANDLE_WITH_CARE;
  student: { firstName: string | null; lastSurname: string | null; studentUniqueId: string | null };
  schoolId: string;
  /** The kind of agency, only where the agreement allows it. */
  agencyType: string | null;
  issuedAt: string;
  dueBy: string;
  expiresAt: string;
  acknowledgedAt: string | null;
  /** Set when nobody at the school acknowledged in time and the district contact was told. */
  escalatedAt: string | null;
}

interface NoticeRow {
  id: string;
  first_name: string | null;
  last_surname: string | null;
  student_unique_id: string | null;
  school_id: string;
  agency_type: string | null;
  issued_at: Date;
  due_by: Date;
  expires_at: Date;
  acknowledged_at: Date | null;
  escalated_at: Date | null;
  sid: string;
}

/**
 * The school side: the designated contacts of a school (its registered school clients) see
 * the open notices for their school; the district contact (a district client) sees those of
 * every school of the district. Nobody else reads a notice. Every read and acknowledgement is
 * audited with the notices' ids and SIDs.
 */
export class CareInbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async open(reader: Principal): Promise<CareNotice[]> {
    const rows: NoticeRow[] = await this.dataSource.query(
      `SELECT id, first_name, last_surname, student_unique_id, school_id, agency_type, issued_at, due_by, expires_at, acknowledged_at, escalated_at, sid
         FROM care_notice WHERE ${scopeColumn(reader)} = $1 AND closed_at IS NULL AND expires_at > $2 ORDER BY id`,
      [reader.organizationId, this.now()],
    );
    if (rows.length > 0) {
      await this.auditLog.append({
        kind: 'care-notice-read',
        actor: reader.clientId,
        subject: `organization:${reader.organizationId}`,
        details: { noticeIds: rows.map((row) => String(row.id)), sids: [...new Set(rows.map((row) => row.sid))] },
      });
    }
    return rows.map(toNotice);
  }

  /** Acknowledging twice is harmless; a notice the reader may not see is the same 404 as none. */
  async acknowledge(reader: Principal, noticeId: string): Promise<CareNotice> {
    if (!/^[1-9]\d{0,17}$/.test(noticeId)) throw notFound();
    return this.dataSource.transaction(async (manager) => {
      const [row]: NoticeRow[] = await manager.query(
        `SELECT id, first_name, last_surname, student_unique_id, school_id, agency_type, issued_at, due_by, expires_at, acknowledged_at, escalated_at, sid
           FROM care_notice WHERE id = $1 AND ${scopeColumn(reader)} = $2 AND closed_at IS NULL AND expires_at > $3 FOR UPDATE`,
        [noticeId, reader.organizationId, this.now()],
      );
      if (!row) throw notFound();
      if (row.acknowledged_at) return toNotice(row);
      const acknowledgedAt = this.now();
      await manager.query(`UPDATE care_notice SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1`, [noticeId, acknowledgedAt, reader.clientId]);
      await this.auditLog.append(
        { kind: 'care-notice-acknowledged', actor: reader.clientId, subject: `care-notice:${noticeId}`, details: { organizationId: reader.organizationId, sid: row.sid } },
        manager,
      );
      return toNotice({ ...row, acknowledged_at: acknowledgedAt });
    });
  }
}

function scopeColumn(reader: Principal): 'school_id' | 'district_id' {
  if (reader.role === Role.School) return 'school_id';
  if (reader.role === Role.District) return 'district_id';
  throw new LanternError(LanternErrorCode.Forbidden, 'Only a school’s or district’s contacts read care notices.');
}

function notFound(): LanternError {
  return new LanternError(LanternErrorCode.RecordNotFound, 'No open care notice with that id for this organisation.');
}

function toNotice(row: NoticeRow): CareNotice {
  return {
    noticeId: String(row.id),
    words: HANDLE_WITH_CARE,
    student: { firstName: row.first_name, lastSurname: row.last_surname, studentUniqueId: row.student_unique_id },
    schoolId: row.school_id,
    agencyType: row.agency_type,
    issuedAt: row.issued_at.toISOString(),
    dueBy: row.due_by.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    escalatedAt: row.escalated_at?.toISOString() ?? null,
  };
}
