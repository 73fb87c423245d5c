import { protectTable, type ProtectedTwoWayTable } from '@lantern/disclosure-control';
import type { DataSource } from 'typeorm';

/** The smallest count shown (CMS: cells of 1 to 10 are withheld). */
export const CARE_REPORT_MINIMUM_CELL_SIZE = 11;

export type FlagsPerDistrictMonth = Omit<ProtectedTwoWayTable, 'suppressions'>;

/**
 * Flags per district (rows) per month (columns), counted as distinct flags with a notice to a
 * school of the district, in the hub's time zone, with totals. Small counts are suppressed,
 * with complementary suppression so none can be recovered from the totals.
 */
export class CareReports {
  constructor(private readonly dataSource: DataSource) {}

  async flagsPerDistrictPerMonth(minimumCellSize = CARE_REPORT_MINIMUM_CELL_SIZE): Promise<FlagsPerDistrictMonth> {
    const rows: Array<{ district_id: string; month: string; flags: number }> = await this.dataSource.query(
      `SELECT district_id, to_char(issued_at, 'YYYY-MM') AS month, count(DISTINCT flag)::int AS flags
         FROM care_notice GROUP BY district_id, month ORDER BY district_id, month`,
    );
    const title = 'Handle with Care flags per district per month';
    const threshold = minimumCellSize - 1;
    if (rows.length === 0) {
      return {
        title,
        rowLabels: [],
        columnLabels: [],
        cells: [],
        rowTotals: [],
        columnTotals: [],
        grandTotal: 0,
        report: { title, shape: 'no flags yet', threshold, counts: 0, suppressedCounts: 0 },
      };
    }
    const districts = [...new Set(rows.map((row) => row.district_id))];
    const months = [...new Set(rows.map((row) => row.month))].sort();
    const counts = districts.map((district) => months.map((month) => rows.find((row) => row.district_id === district && row.month === month)?.flags ?? 0));
    // The steward-facing list of which cells are complements would narrow them; it stays out.
    const { suppressions: _withheldDetail, ...released } = protectTable({ title, rowLabels: districts, columnLabels: months, counts }, { threshold });
    return released;
  }
}
