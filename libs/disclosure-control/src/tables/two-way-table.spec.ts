import { DisclosureControlError, SUPPRESSED } from '../values';
import { protectTable } from './two-way-table';

const table = (counts: number[][]) => ({
  title: 'Enrolment by school and grade band',
  rowLabels: counts.map((_, row) => `school ${row + 1}`),
  columnLabels: counts[0].map((_, column) => `band ${column + 1}`),
  counts,
});

describe('protectTable', () => {
  it('releases a table without small counts as it is, with its totals', () => {
    const protectedTable = protectTable(
      table([
        [40, 0],
        [25, 31],
      ]),
    );
    expect(protectedTable).toMatchObject({
      cells: [
        [40, 0],
        [25, 31],
      ],
      rowTotals: [40, 56],
      columnTotals: [65, 31],
      grandTotal: 96,
      suppressions: [],
    });
    expect(protectedTable.report).toEqual({
      title: 'Enrolment by school and grade band',
      shape: '2 × 2 with totals',
      threshold: 10,
      counts: 9,
      suppressedCounts: 0,
      singleCellLines: 'release',
      withheldLines: [],
    });
  });

  it('withholds the smallest non-zero cells in the same rows and columns as complements', () => {
    const protectedTable = protectTable(
      table([
        [3, 40, 25, 60],
        [50, 45, 20, 70],
        [30, 0, 90, 15],
      ]),
    );
    // The cheapest cycle through 3: 25 in its row, 20 below that, 50 back in 3's column (95 withheld,
    // against 105 for 60, 15 and 30; the 0 cannot serve).
    expect(protectedTable.cells).toEqual([
      [SUPPRESSED, 40, SUPPRESSED, 60],
      [SUPPRESSED, 45, SUPPRESSED, 70],
      [30, 0, 90, 15],
    ]);
    expect(protectedTable.rowTotals).toEqual([128, 185, 135]);
    expect(protectedTable.columnTotals).toEqual([83, 85, 135, 145]);
    expect(protectedTable.suppressions).toEqual([
      { position: { row: 0, column: 0 }, kind: 'primary', reason: 'row "school 1", column "band 1" is from 1 to 10' },
      { position: { row: 0, column: 2 }, kind: 'complementary', reason: 'withheld with row "school 1", column "band 1", which the totals would otherwise reveal' },
      { position: { row: 1, column: 0 }, kind: 'complementary', reason: 'withheld with row "school 1", column "band 1", which the totals would otherwise reveal' },
      { position: { row: 1, column: 2 }, kind: 'complementary', reason: 'withheld with row "school 1", column "band 1", which the totals would otherwise reveal' },
    ]);
  });

  it('protects a small count that joins two cycles, though its row and column already have several withheld', () => {
    // Two blocks of small counts and a small count (5) joining them: every row and column holds two
    // or more small counts, yet the totals would give the 5 away, so it gets a cycle of its own.
    const protectedTable = protectTable(
      table([
        [2, 3, 50, 50],
        [4, 6, 5, 50],
        [50, 50, 7, 8],
        [50, 50, 9, 2],
      ]),
    );
    const complementary = protectedTable.suppressions.filter(({ kind }) => kind === 'complementary');
    expect(complementary.length).toBeGreaterThan(0);
    expect(new Set(complementary.map(({ reason }) => reason))).toEqual(new Set(['withheld with row "school 2", column "band 3", which the totals would otherwise reveal']));
  });

  it('never withholds a zero, and protects a small total across the totals', () => {
    // Row 1 adds up to 4: its total is small too, and with every other count in the row zero the
    // cycle must run through the totals.
    const protectedTable = protectTable(
      table([
        [4, 0],
        [30, 25],
      ]),
    );
    expect(protectedTable.cells[0][1]).toBe(0);
    expect(protectedTable.rowTotals[0]).toBe(SUPPRESSED);
    expect(protectedTable.suppressions.filter(({ kind }) => kind === 'primary').map(({ position }) => position)).toEqual([
      { row: 0, column: 0 },
      { row: 0, column: 'total' },
    ]);
    expect(protectedTable.suppressions.find(({ position }) => position.row === 0 && position.column === 'total')!.reason).toBe('the total of row "school 1" is from 1 to 10');
    // Cycle: school 1 → band 1 → school 2 → total column → school 1.
    expect(protectedTable.cells[1][0]).toBe(SUPPRESSED);
    expect(protectedTable.rowTotals[1]).toBe(SUPPRESSED);
  });

  it('withholds a row whose whole count sits in one column, zeros included, and names it in the report', () => {
    const counts = [
      [0, 40, 0],
      [30, 25, 20],
      [35, 15, 45],
    ];
    // Released as counted, the zeros would say that everyone in school 1 is in band 2.
    expect(protectTable(table(counts)).cells[0]).toEqual([0, 40, 0]);
    const protectedTable = protectTable(table(counts), { singleCellLines: 'suppress' });
    expect(protectedTable.cells[0]).toEqual([SUPPRESSED, SUPPRESSED, SUPPRESSED]);
    expect(protectedTable.report).toMatchObject({ singleCellLines: 'suppress', withheldLines: ['row "school 1"'] });
  });

  it('withholds a column whose whole count sits in one row the same way', () => {
    const protectedTable = protectTable(
      table([
        [20, 0, 30],
        [25, 0, 15],
        [30, 40, 20],
      ]),
      { singleCellLines: 'suppress' },
    );
    expect(protectedTable.cells.map((row) => row[1])).toEqual([SUPPRESSED, SUPPRESSED, SUPPRESSED]);
    expect(protectedTable.report.withheldLines).toEqual(['column "band 2"']);
  });

  it("leaves a line alone when its crossing lines are empty but one: those zeros are everyone's", () => {
    const protectedTable = protectTable(
      table([
        [20, 0],
        [35, 0],
      ]),
      { singleCellLines: 'suppress' },
    );
    expect(protectedTable.cells).toEqual([
      [20, 0],
      [35, 0],
    ]);
    expect(protectedTable.report.withheldLines).toEqual([]);
  });

  it('withholds a small grand total with the whole cycle it needs', () => {
    const protectedTable = protectTable(table([[2, 3]]));
    expect(protectedTable).toMatchObject({ cells: [[SUPPRESSED, SUPPRESSED]], rowTotals: [SUPPRESSED], columnTotals: [SUPPRESSED, SUPPRESSED], grandTotal: SUPPRESSED });
    expect(protectedTable.report.suppressedCounts).toBe(6);
  });

  it('takes the threshold from the options; zero turns suppression off', () => {
    const counts = [
      [12, 30],
      [20, 30],
    ];
    expect(protectTable(table(counts), { threshold: 12 }).suppressions.map(({ position }) => position)).toEqual([
      { row: 0, column: 0 },
      { row: 0, column: 1 },
      { row: 1, column: 0 },
      { row: 1, column: 1 },
    ]);
    expect(protectTable(table([[1, 2]]), { threshold: 0 }).suppressions).toEqual([]);
  });

  it('refuses counts that do not fit the labels, negative or fractional counts and a bad threshold', () => {
    expect(() => protectTable({ ...table([[1, 2]]), rowLabels: ['a', 'b'] })).toThrow(DisclosureControlError);
    expect(() => protectTable(table([[1, -2]]))).toThrow('table "Enrolment by school and grade band": counts must be non-negative integers');
    expect(() => protectTable(table([[1.5, 2]]))).toThrow(DisclosureControlError);
    expect(() => protectTable(table([[1, 2]]), { threshold: -1 })).toThrow('the small-cell threshold must be a non-negative integer');
  });
});
