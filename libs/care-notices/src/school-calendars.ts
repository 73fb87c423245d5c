import { isLocalDate } from '@lantern/care-rules';
import { LanternError, LanternErrorCode } from '@lantern/errors';
import type { DataSource } from 'typeorm';

const MAX_DAYS = 400;

/**
 * The non-school weekdays (holidays, breaks) of a school or district, as its calendar
 * publishes them; notices due on such a day wait for the next school day. Replaced whole.
 */
export class SchoolCalendars {
  constructor(private readonly dataSource: DataSource) {}

  async replace(organizationId: string, nonSchoolDays: readonly string[]): Promise<{ organizationId: string; nonSchoolDays: string[] }> {
    if (nonSchoolDays.length > MAX_DAYS || nonSchoolDays.some((day) => !isLocalDate(day))) {
      throw new LanternError(LanternErrorCode.InvalidRequest, `nonSchoolDays must be at most ${MAX_DAYS} calendar dates (YYYY-MM-DD)`);
    }
    const days = [...new Set(nonSchoolDays)].sort();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM care_calendar_day WHERE organization_id = $1`, [organizationId]);
      await manager.query(`INSERT INTO care_calendar_day (organization_id, day) SELECT $1, unnest($2::date[])`, [organizationId, days]);
    });
    return { organizationId, nonSchoolDays: days };
  }
}
