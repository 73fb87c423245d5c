import { DisclosureControlError, SUPPRESSED } from '../values';
import { assertCounts, isSmallCount, thresholdOf, type CellSuppression, type ReleasedCount, type TableProtectionOptions, type TableReport } from './small-cells';

export interface TwoWayProtectionOptions extends TableProtectionOptions {
  /**
   * A row whose whole count sits in one column, beside zeros in columns others fill, tells the
   * column of everyone in that row (and likewise a column whose count sits in one row).
   * 'suppress' withholds such a line whole, zeros included; 'release' (the default, for callers
   * whose tables describe no people's attributes) leaves it. Extracts take the agreement's rule.
   */
  singleCellLines?: 'suppress' | 'release';
}

/** Counts by row and column; protectTable adds the row, column and grand totals. */
export interface TwoWayTable {
  title: string;
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** counts[row][column]. */
  counts: readonly (readonly number[])[];
}

/** A cell, a row total (column 'total'), a column total (row 'total') or the grand total. */
export interface TablePosition {
  row: number | 'total';
  column: number | 'total';
}

export interface ProtectedTwoWayTable {
  title: string;
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  cells: ReleasedCount[][];
  rowTotals: ReleasedCount[];
  columnTotals: ReleasedCount[];
  grandTotal: ReleasedCount;
  /** For the steward's review, not for the package (see CellSuppression). */
  suppressions: CellSuppression<TablePosition>[];
  report: TableReport;
}

type GridCell = readonly [row: number, column: number];

/**
 * Small-cell suppression for a table released with its row, column and grand totals.
 *
 * Primary: every cell and total from 1 to the threshold. Complementary: think of the table with
 * its totals as a grid whose last row and column hold the totals; every row and column of that
 * grid is an equation (its counts add up to its total). Make a graph whose nodes are the grid's
 * rows and columns and whose edges are the withheld cells. A withheld cell on a cycle of that
 * graph can move by ±1, alternately around the cycle, with every equation still holding; a
 * withheld cell on no cycle (a bridge) is fixed by the equations and so exactly recoverable.
 * Until no bridge is left, the first one is closed into a cycle along the cheapest path of
 * further non-zero cells (cost: the counts newly withheld), so the smallest non-zero cells serve
 * as complements. Each round withholds at least one more cell, so it reaches a fixpoint. Zeros
 * are never complements, so the ±1 moves keep every count non-negative: no withheld count can be
 * derived exactly, even knowing that counts are never negative. (One-cell lines, when suppressed,
 * also withhold their zeros, each closed into a cycle of non-zero cells, so it can move up by
 * one; see TwoWayProtectionOptions.) Every row and column with a withheld cell ends up with at
 * least two.
 */
export function protectTable(table: TwoWayTable, options: TwoWayProtectionOptions = {}): ProtectedTwoWayTable {
  const threshold = thresholdOf(options);
  const { singleCellLines = 'release' } = options;
  const rows = table.rowLabels.length;
  const columns = table.columnLabels.length;
  if (rows === 0 || columns === 0 || table.counts.length !== rows || table.counts.some((row) => row.length !== columns)) {
    throw new DisclosureControlError(`table "${table.title}": counts must have one row per row label and one column per column label`);
  }
  table.counts.forEach((row) => assertCounts(table.title, row));

  // The augmented grid: row `rows` holds the column totals, column `columns` the row totals, the corner the grand total.
  const withTotals = table.counts.map((row) => [...row, sum(row)]);
  const grid = [...withTotals, withTotals[0].map((_, column) => sum(withTotals.map((row) => row[column])))];
  const positionOf = ([row, column]: GridCell): TablePosition => ({ row: row === rows ? 'total' : row, column: column === columns ? 'total' : column });
  const describe = ([row, column]: GridCell): string => {
    if (row === rows) return column === columns ? 'the grand total' : `the total of column "${table.columnLabels[column]}"`;
    return column === columns ? `the total of row "${table.rowLabels[row]}"` : `row "${table.rowLabels[row]}", column "${table.columnLabels[column]}"`;
  };

  const suppressed: (CellSuppression<TablePosition> | undefined)[][] = grid.map((gridRow, row) =>
    gridRow.map((count, column) =>
      isSmallCount(count, threshold) ? { position: positionOf([row, column]), kind: 'primary', reason: `${describe([row, column])} is from 1 to ${threshold}` } : undefined,
    ),
  );
  const withheldLines = singleCellLines === 'suppress' ? withholdSingleCellLines(table, suppressed, positionOf) : [];
  const withheld = () => suppressed.map((gridRow) => gridRow.map((suppression) => suppression !== undefined));
  for (let exposed = firstExposedCell(withheld()); exposed; exposed = firstExposedCell(withheld())) {
    for (const cell of cheapestComplements(grid, withheld(), exposed)) {
      suppressed[cell[0]][cell[1]] = { position: positionOf(cell), kind: 'complementary', reason: `withheld with ${describe(exposed)}, which the totals would otherwise reveal` };
    }
  }

  const released = grid.map((gridRow, row) => gridRow.map((count, column): ReleasedCount => (suppressed[row][column] ? SUPPRESSED : count)));
  const suppressions = suppressed.flat().filter((suppression) => suppression !== undefined);
  return {
    title: table.title,
    rowLabels: table.rowLabels,
    columnLabels: table.columnLabels,
    cells: released.slice(0, rows).map((row) => row.slice(0, columns)),
    rowTotals: released.slice(0, rows).map((row) => row[columns]),
    columnTotals: released[rows].slice(0, columns),
    grandTotal: released[rows][columns],
    suppressions,
    report: {
      title: table.title,
      shape: `${rows} × ${columns} with totals`,
      threshold,
      counts: (rows + 1) * (columns + 1),
      suppressedCounts: suppressions.length,
      singleCellLines,
      withheldLines,
    },
  };
}

const sum = (counts: readonly number[]) => counts.reduce((total, count) => total + count, 0);

/**
 * Marks every cell of each one-cell line as withheld and names the lines. A line is one-cell when
 * at least two of the crossing lines are non-empty (otherwise its zeros are everyone's) and it has
 * one non-zero cell among them. Zeros of empty crossing lines stay: they describe nobody. The
 * complementary rounds then close every such cell into a cycle, so neither the count nor which
 * cells are zero can be worked out from the totals.
 */
function withholdSingleCellLines(table: TwoWayTable, suppressed: (CellSuppression<TablePosition> | undefined)[][], positionOf: (cell: GridCell) => TablePosition): string[] {
  const { counts, rowLabels, columnLabels } = table;
  const filledColumns = columnLabels.map((_, column) => column).filter((column) => counts.some((row) => row[column] > 0));
  const filledRows = rowLabels.map((_, row) => row).filter((row) => counts[row].some((count) => count > 0));
  const lines: Array<{ name: string; cells: GridCell[] }> = [
    ...filledRows.map((row) => ({ name: `row "${rowLabels[row]}"`, cells: filledColumns.map((column): GridCell => [row, column]) })),
    ...filledColumns.map((column) => ({ name: `column "${columnLabels[column]}"`, cells: filledRows.map((row): GridCell => [row, column]) })),
  ].filter(({ cells }) => cells.length >= 2 && cells.filter(([row, column]) => counts[row][column] > 0).length === 1);
  for (const { name, cells } of lines) {
    for (const cell of cells) suppressed[cell[0]][cell[1]] ??= { position: positionOf(cell), kind: 'primary', reason: `${name} has its whole count in one cell` };
  }
  return lines.map(({ name }) => name);
}

// Graph nodes: grid rows are 0 … rowNodes − 1, grid columns follow them.
const cellOf = (rowNodes: number, node: number, other: number): GridCell => (node < rowNodes ? [node, other - rowNodes] : [other, node - rowNodes]);

/** The first withheld cell, in row-major order, that lies on no cycle of withheld cells (a bridge, found as in Tarjan's algorithm). */
function firstExposedCell(withheld: readonly (readonly boolean[])[]): GridCell | undefined {
  const rowNodes = withheld.length;
  const nodeCount = rowNodes + withheld[0].length;
  const neighbours: number[][] = Array.from({ length: nodeCount }, () => []);
  withheld.forEach((gridRow, row) =>
    gridRow.forEach((isWithheld, column) => {
      if (!isWithheld) return;
      neighbours[row].push(rowNodes + column);
      neighbours[rowNodes + column].push(row);
    }),
  );

  const discovered = new Int32Array(nodeCount).fill(-1);
  const lowest = new Int32Array(nodeCount);
  const bridges: GridCell[] = [];
  let clock = 0;
  const visit = (node: number, parent: number): void => {
    discovered[node] = lowest[node] = clock++;
    for (const next of neighbours[node]) {
      // One cell joins a row and a column, so skipping the parent node skips exactly the edge we came by.
      if (next === parent) continue;
      if (discovered[next] === -1) {
        visit(next, node);
        lowest[node] = Math.min(lowest[node], lowest[next]);
        if (lowest[next] > discovered[node]) bridges.push(cellOf(rowNodes, node, next));
      } else {
        lowest[node] = Math.min(lowest[node], discovered[next]);
      }
    }
  };
  for (let node = 0; node < nodeCount; node++) if (discovered[node] === -1) visit(node, -1);
  return bridges.sort(([rowA, columnA], [rowB, columnB]) => rowA - rowB || columnA - columnB)[0];
}

/**
 * The cells not yet withheld on the cheapest path from the exposed cell's row to its column that
 * avoids the exposed cell itself (Dijkstra; withheld non-zero cells cost nothing, zeros cannot be
 * used, any other cell costs its count). With the exposed cell, the path closes a cycle.
 */
function cheapestComplements(grid: readonly (readonly number[])[], withheld: readonly (readonly boolean[])[], exposed: GridCell): GridCell[] {
  const rowNodes = grid.length;
  const nodeCount = rowNodes + grid[0].length;
  const [source, target] = [exposed[0], rowNodes + exposed[1]];
  const costOf = ([row, column]: GridCell) => {
    if (row === exposed[0] && column === exposed[1]) return Infinity;
    // Zeros never serve as complements, withheld or not: a zero moved by −1 would go negative.
    if (grid[row][column] === 0) return Infinity;
    return withheld[row][column] ? 0 : grid[row][column];
  };

  const distance = new Float64Array(nodeCount).fill(Infinity);
  const previous = new Int32Array(nodeCount).fill(-1);
  const settled = new Uint8Array(nodeCount);
  distance[source] = 0;
  for (;;) {
    let node = -1;
    for (let candidate = 0; candidate < nodeCount; candidate++) {
      if (!settled[candidate] && distance[candidate] < Infinity && (node === -1 || distance[candidate] < distance[node])) node = candidate;
    }
    if (node === -1 || node === target) break;
    settled[node] = 1;
    // The graph is complete bipartite: a row node neighbours every column node and the other way round.
    const [first, end] = node < rowNodes ? [rowNodes, nodeCount] : [0, rowNodes];
    for (let next = first; next < end; next++) {
      const through = distance[node] + costOf(cellOf(rowNodes, node, next));
      if (through < distance[next]) {
        distance[next] = through;
        previous[next] = node;
      }
    }
  }
  // Cannot happen: an exposed cell's row and column are non-empty (a zero is withheld only in a
  // one-cell line crossing filled lines), so they and the totals always offer a path of non-zero cells.
  if (distance[target] === Infinity) throw new Error('no complementary cells close a cycle');

  const path: GridCell[] = [];
  for (let node = target; node !== source; node = previous[node]) path.push(cellOf(rowNodes, node, previous[node]));
  return path.filter(([row, column]) => !withheld[row][column]);
}
