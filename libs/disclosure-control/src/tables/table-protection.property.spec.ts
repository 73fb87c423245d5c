import fc from 'fast-check';
import { SUPPRESSED } from '../values';
import { protectOneWayTable } from './one-way-table';
import type { ReleasedCount } from './small-cells';
import { protectTable } from './two-way-table';

/** A linear equation over named counts: the sum of coefficient × count is 0. */
type Equation = ReadonlyArray<readonly [name: string, coefficient: bigint]>;

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

/**
 * The attacker: every released count is substituted into the equations the totals give, and
 * Gauss–Jordan elimination over the integers (exact, no rounding) reduces the system on the
 * withheld counts. A withheld count is recovered exactly when some reduced equation mentions it
 * alone; the returned map holds those counts and their values.
 */
function recoverWithheldCounts(equations: readonly Equation[], released: ReadonlyMap<string, ReleasedCount>): Map<string, bigint> {
  const unknowns = [...released].filter(([, value]) => value === SUPPRESSED).map(([name]) => name);
  const column = new Map(unknowns.map((name, index) => [name, index]));
  // Each row: coefficients of the unknowns, then the constant the released counts contribute, negated.
  const rows = equations.map((equation) => {
    const row = Array<bigint>(unknowns.length + 1).fill(0n);
    for (const [name, coefficient] of equation) {
      const value = released.get(name)!;
      if (value === SUPPRESSED) row[column.get(name)!] += coefficient;
      else row[unknowns.length] -= coefficient * BigInt(value);
    }
    return row;
  });

  let pivotRow = 0;
  for (let pivotColumn = 0; pivotColumn < unknowns.length && pivotRow < rows.length; pivotColumn++) {
    const found = rows.findIndex((row, index) => index >= pivotRow && row[pivotColumn] !== 0n);
    if (found === -1) continue;
    [rows[pivotRow], rows[found]] = [rows[found], rows[pivotRow]];
    const pivot = rows[pivotRow];
    rows.forEach((row, index) => {
      if (index === pivotRow || row[pivotColumn] === 0n) return;
      const factor = row[pivotColumn];
      const reduced = row.map((entry, at) => entry * pivot[pivotColumn] - pivot[at] * factor);
      const divisor = reduced.reduce(gcd, 0n) || 1n;
      rows[index] = reduced.map((entry) => entry / divisor);
    });
    pivotRow++;
  }

  const recovered = new Map<string, bigint>();
  for (const row of rows) {
    const mentioned = unknowns.flatMap((name, index) => (row[index] !== 0n ? [[name, row[index]] as const] : []));
    if (mentioned.length === 1) recovered.set(mentioned[0][0], row[unknowns.length] / mentioned[0][1]);
  }
  return recovered;
}

// Zeros, small counts and large ones, so that primary and complementary suppression both occur.
const countArbitrary = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 5, arbitrary: fc.integer({ min: 11, max: 80 }) },
);
const thresholdArbitrary = fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 12 }));
const twoWayArbitrary = fc.record({
  counts: fc.integer({ min: 1, max: 6 }).chain((columns) => fc.array(fc.array(countArbitrary, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 6 })),
  threshold: thresholdArbitrary,
  singleCellLines: fc.constantFrom('release' as const, 'suppress' as const),
});
const oneWayArbitrary = fc.record({ counts: fc.array(countArbitrary, { minLength: 1, maxLength: 10 }), threshold: thresholdArbitrary });

function protectTwoWay({ counts, threshold, singleCellLines }: { counts: number[][]; threshold?: number; singleCellLines: 'release' | 'suppress' }) {
  const table = { title: 'generated', rowLabels: counts.map((_, row) => `r${row}`), columnLabels: counts[0].map((_, column) => `c${column}`), counts };
  return protectTable(table, threshold === undefined ? { singleCellLines } : { threshold, singleCellLines });
}

/** Names every count of a protected two-way table (totals as row or column "T") with its released value, and states the totals' equations. */
function twoWaySystem(counts: number[][], result: ReturnType<typeof protectTwoWay>) {
  const rows = counts.length;
  const columns = counts[0].length;
  const released = new Map<string, ReleasedCount>();
  const name = (row: number | 'T', column: number | 'T') => `${row}/${column}`;
  result.cells.forEach((cells, row) => cells.forEach((value, column) => released.set(name(row, column), value)));
  result.rowTotals.forEach((value, row) => released.set(name(row, 'T'), value));
  result.columnTotals.forEach((value, column) => released.set(name('T', column), value));
  released.set(name('T', 'T'), result.grandTotal);
  const rowIndexes = [...Array(rows).keys()];
  const columnIndexes = [...Array(columns).keys()];
  const addsUp = (parts: string[], total: string): Equation => [...parts.map((part) => [part, 1n] as const), [total, -1n] as const];
  const equations = [
    ...[...rowIndexes, 'T' as const].map((row) =>
      addsUp(
        columnIndexes.map((column) => name(row, column)),
        name(row, 'T'),
      ),
    ),
    ...[...columnIndexes, 'T' as const].map((column) =>
      addsUp(
        rowIndexes.map((row) => name(row, column)),
        name('T', column),
      ),
    ),
  ];
  const truth = new Map<string, number>();
  counts.forEach((cells, row) => cells.forEach((count, column) => truth.set(name(row, column), count)));
  rowIndexes.forEach((row) =>
    truth.set(
      name(row, 'T'),
      counts[row].reduce((sum, count) => sum + count, 0),
    ),
  );
  columnIndexes.forEach((column) =>
    truth.set(
      name('T', column),
      counts.reduce((sum, cells) => sum + cells[column], 0),
    ),
  );
  truth.set(
    name('T', 'T'),
    counts.flat().reduce((sum, count) => sum + count, 0),
  );
  return { released, equations, truth };
}

const RUNS = { numRuns: 500 };

describe('table protection (properties)', () => {
  it('generates tables that need complementary suppression', () => {
    const results = fc.sample(twoWayArbitrary, 500).map(protectTwoWay);
    expect(results.filter((result) => result.suppressions.some(({ kind }) => kind === 'complementary')).length).toBeGreaterThan(150);
    expect(results.filter((result) => result.suppressions.some(({ position }) => position.row === 'total' || position.column === 'total')).length).toBeGreaterThan(50);
  });

  it('two-way: an exact attacker using every released count and total recovers no withheld count', () => {
    fc.assert(
      fc.property(twoWayArbitrary, (input) => {
        const { released, equations } = twoWaySystem(input.counts, protectTwoWay(input));
        expect(recoverWithheldCounts(equations, released)).toEqual(new Map());
      }),
      RUNS,
    );
  });

  it('two-way: releases true counts only, none from 1 to the threshold, and withholds no zero outside a one-cell line', () => {
    fc.assert(
      fc.property(twoWayArbitrary, (input) => {
        const threshold = input.threshold ?? 10;
        const result = protectTwoWay(input);
        const { released, truth } = twoWaySystem(input.counts, result);
        const inWithheldLine = (name: string) => {
          const [row, column] = name.split('/');
          return result.report.withheldLines!.some((line) => line === `row "r${row}"` || line === `column "c${column}"`);
        };
        for (const [name, value] of released) {
          if (value === SUPPRESSED) expect(truth.get(name)! > 0 || inWithheldLine(name)).toBe(true);
          else {
            expect(value).toBe(truth.get(name));
            expect(value === 0 || value > threshold).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('two-way: leaves every row and column of the table with totals with no withheld count or at least two', () => {
    fc.assert(
      fc.property(twoWayArbitrary, (input) => {
        const result = protectTwoWay(input);
        const grid = [...result.cells.map((cells, row) => [...cells, result.rowTotals[row]]), [...result.columnTotals, result.grandTotal]];
        const withheld = (counts: ReleasedCount[]) => counts.filter((count) => count === SUPPRESSED).length;
        for (const row of grid) expect(withheld(row)).not.toBe(1);
        for (const column of grid[0].keys()) expect(withheld(grid.map((row) => row[column]))).not.toBe(1);
      }),
      RUNS,
    );
  });

  it('two-way, one-cell lines suppressed: no row or column shows zeros beside a single other cell, so none tells the attribute of everyone in it', () => {
    fc.assert(
      fc.property(twoWayArbitrary, (input) => {
        const { counts } = input;
        const { cells } = protectTwoWay({ ...input, singleCellLines: 'suppress' });
        const filledRows = counts.flatMap((row, index) => (row.some((count) => count > 0) ? [index] : []));
        const filledColumns = counts[0].flatMap((_, column) => (counts.some((row) => row[column] > 0) ? [column] : []));
        const lines = [...filledRows.map((row) => filledColumns.map((column) => cells[row][column])), ...filledColumns.map((column) => filledRows.map((row) => cells[row][column]))].filter(
          (line) => line.length >= 2,
        );
        for (const line of lines) expect(line.filter((count) => count === 0).length).toBeLessThan(line.length - 1);
      }),
      RUNS,
    );
  });

  it('two-way, one-cell lines released: the check above does find them (it is not toothless)', () => {
    const { cells } = protectTwoWay({
      counts: [
        [0, 40],
        [30, 25],
      ],
      singleCellLines: 'release',
    });
    expect(cells[0]).toEqual([0, 40]);
  });

  it('one-way: the attacker recovers no withheld count, and no released count is from 1 to the threshold', () => {
    fc.assert(
      fc.property(oneWayArbitrary, ({ counts, threshold }) => {
        const result = protectOneWayTable({ title: 'generated', labels: counts.map((_, index) => `c${index}`), counts }, threshold === undefined ? {} : { threshold });
        const released = new Map<string, ReleasedCount>([...result.counts.map((value, index) => [`c${index}`, value] as const), ['total', result.total]]);
        const equation: Equation = [...counts.map((_, index) => [`c${index}`, 1n] as const), ['total', -1n]];
        expect(recoverWithheldCounts([equation], released)).toEqual(new Map());
        const truth = [...counts, counts.reduce((sum, count) => sum + count, 0)];
        [...result.counts, result.total].forEach((value, index) => {
          if (value === SUPPRESSED) expect(truth[index]).toBeGreaterThan(0);
          else expect(value === truth[index] && (value === 0 || value > (threshold ?? 10))).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('the attacker does recover a count that is withheld alone (it is not toothless)', () => {
    const released = new Map<string, ReleasedCount>([
      ['a', SUPPRESSED],
      ['b', 30],
      ['total', 34],
    ]);
    expect(
      recoverWithheldCounts(
        [
          [
            ['a', 1n],
            ['b', 1n],
            ['total', -1n],
          ],
        ],
        released,
      ),
    ).toEqual(new Map([['a', 4n]]));
  });
});
