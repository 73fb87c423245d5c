import { suppressSmallCells, type ReleasedCell } from '@lantern/care-rules';
import type { DataSource } from 'typeorm';

/** The smallest count shown (CMS: cells of 1 to 10 are withheld). */
export const CARE_REPORT_MINIMUM_CELL_SIZE = 11;

export type DistrictMonthCell = ReleasedCell<{ districtId: string; month: string }>;

/**
 * Flags per district per month, counted as distinct flags with a notice to a school of the
 * district, in the hub's time zone. Small counts are suppressed; no totals are published (see
 * suppressSmallCells), so none can be recovered.
 */
export class CareReports {
  constructor(private readonly dataSource: DataSource) {}

  async flagsPerDistrictPerMonth(minimumCellSize = CARE_REPORT_MINIMUM_CELL_SIZE): Promise<DistrictMonthCell[]> {
    const rows: Array<{ district_id: string; month: string; flags: number }> = await this.dataSource.query(
      `SELECT district_id, to_char(issued_at, 'YYYY-MM') AS month, count(DISTINCT flag)::int AS flags
         FROM care_notice GROUP BY district_id, month ORDER BY district_id, month`,
    );
    return suppressSmallCells(
      rows.map((row) => ({ key: { districtId: row.district_id, month: row.month }, count: row.flags })),
      minimumCellSize,
    );
  }
}
