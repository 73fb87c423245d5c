import type { SchoolCalendar } from '@lantern/care-rules';
import type { EntityManager } from 'typeorm';

export type ClosedBecause = 'revoked' | 'corrected' | 'expired';

/**
 * Closes open notices: they leave every inbox, their personal data (name, school id of the
 * student) is purged, and every topic that carried the notice (the school's, and the
 * district's once escalated) gets its tombstone. Ids, times and statuses stay for the issuer's
 * status view and the audit trail.
 */
export async function closeNotices(manager: EntityManager, condition: { flag: string } | { expiredBy: Date }, because: ClosedBecause, at: Date): Promise<Array<{ id: string; sid: string }>> {
  const [where, parameter] = 'flag' in condition ? ['flag = $3', condition.flag] : ['expires_at <= $3', condition.expiredBy];
  const closed: Array<{ id: string; sid: string; school_id: string; district_id: string; escalated: boolean }> = await manager.query(
    // As a CTE, so the driver answers the rows (a bare UPDATE … RETURNING answers [rows, count]).
    `WITH closed AS (
       UPDATE care_notice SET closed_at = $1, closed_because = $2, student_unique_id = NULL, first_name = NULL, last_surname = NULL
        WHERE closed_at IS NULL AND ${where}
        RETURNING id, sid, school_id, district_id, escalated_at IS NOT NULL AS escalated)
     SELECT * FROM closed`,
    [at, because, parameter],
  );
  const topics = closed.flatMap((notice) => [{ id: notice.id, organizationId: notice.school_id }, ...(notice.escalated ? [{ id: notice.id, organizationId: notice.district_id }] : [])]);
  if (topics.length > 0) {
    await manager.query(`INSERT INTO care_notice_event (notice_id, organization_id, type) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])`, [
      topics.map((topic) => topic.id),
      topics.map((topic) => topic.organizationId),
      topics.map(() => (because === 'expired' ? 'expired' : 'revoked')),
    ]);
  }
  return closed.map(({ id, sid }) => ({ id: String(id), sid }));
}

/** The non-school days of a school and its district: either may publish a calendar. */
export async function schoolCalendarOf(manager: EntityManager, organizationIds: readonly string[]): Promise<SchoolCalendar> {
  const days: Array<{ day: string }> = await manager.query(`SELECT DISTINCT day::text AS day FROM care_calendar_day WHERE organization_id = ANY($1::text[])`, [organizationIds]);
  return { nonSchoolDays: new Set(days.map((row) => row.day)) };
}
