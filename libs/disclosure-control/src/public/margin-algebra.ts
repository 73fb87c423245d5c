/**
 * Which withheld counts the published margins determine exactly. A margin says total = Σ parts;
 * substituting the published counts leaves a linear system over the withheld ones. A withheld
 * count is determined exactly when the unit vector on it lies in the row space of that system,
 * i.e. when, in reduced row echelon form, its pivot row mentions it alone (Gauss–Jordan).
 *
 * Arithmetic is modulo the prime 2^26 − 5, so every product stays exact in a double. The margin
 * matrices hold only 0 and ±1; the result differs from rational arithmetic only if the prime
 * divides one of their minors, which sums of a few thousand ±1 terms practically never do (the
 * property tests attack with exact rational elimination).
 */
const PRIME = 67_108_859;

function inverse(value: number): number {
  // Fermat: value^(p−2) mod p, by squaring.
  let result = 1;
  let base = value % PRIME;
  for (let exponent = PRIME - 2; exponent > 0; exponent = Math.floor(exponent / 2)) {
    if (exponent % 2 === 1) result = (result * base) % PRIME;
    base = (base * base) % PRIME;
  }
  return result;
}

/** A margin as indexes of cells: total = Σ parts. */
export interface IndexedMargin {
  total: number;
  parts: readonly number[];
}

/**
 * The unknown cells (among `unknown`) that the margins determine. Works one connected component
 * of unknowns at a time; components with more than `limit` unknowns are skipped and returned
 * separately (a bound on the work; tables the outcomes pages publish stay far below it).
 */
export function determinedUnknowns(cellCount: number, margins: readonly IndexedMargin[], unknown: (cell: number) => boolean, limit: number): { determined: number[]; skipped: number[][] } {
  // Union–find over unknown cells that share a margin.
  const parent = Int32Array.from({ length: cellCount }, (_, index) => index);
  const find = (cell: number): number => {
    while (parent[cell] !== cell) cell = parent[cell] = parent[parent[cell]];
    return cell;
  };
  const marginsWithUnknowns: number[][] = [];
  for (const margin of margins) {
    const members = [margin.total, ...margin.parts].filter(unknown);
    if (members.length === 0) continue;
    marginsWithUnknowns.push(signedMembers(margin, unknown));
    for (const member of members.slice(1)) parent[find(member)] = find(members[0]);
  }

  const componentOf = new Map<number, { cells: number[]; rows: number[][] }>();
  for (let cell = 0; cell < cellCount; cell++) {
    if (!unknown(cell)) continue;
    const root = find(cell);
    if (!componentOf.has(root)) componentOf.set(root, { cells: [], rows: [] });
    componentOf.get(root)!.cells.push(cell);
  }
  for (const row of marginsWithUnknowns) componentOf.get(find(Math.abs(row[0]) - 1))!.rows.push(row);

  const determined: number[] = [];
  const skipped: number[][] = [];
  for (const { cells, rows } of componentOf.values()) {
    if (cells.length > limit) skipped.push(cells);
    // One at a time: a spread of a large component's cells would overflow the call stack.
    else for (const cell of determinedInComponent(cells, rows)) determined.push(cell);
  }
  return { determined: determined.sort((a, b) => a - b), skipped };
}

/** A margin's unknown members, each as ±(cell + 1): + for a part, − for the total. */
function signedMembers(margin: IndexedMargin, unknown: (cell: number) => boolean): number[] {
  const members = margin.parts.filter(unknown).map((part) => part + 1);
  if (unknown(margin.total)) members.push(-(margin.total + 1));
  return members;
}

/**
 * Sparse Gauss–Jordan: rows as maps from column to value, an index of the rows holding each
 * column, columns taken fewest-rows first and pivots from the shortest row, so that the ±1
 * incidence structure of margins fills in little. Every pivot column is eliminated from every other
 * row, so a pivot row that keeps only its pivot pins that column down.
 */
function determinedInComponent(cells: readonly number[], signedRows: readonly number[][]): number[] {
  const columnOf = new Map(cells.map((cell, index) => [cell, index]));
  const rows = signedRows.map((signed) => {
    const row = new Map<number, number>();
    for (const member of signed) {
      const column = columnOf.get(Math.abs(member) - 1)!;
      const value = ((row.get(column) ?? 0) + (member > 0 ? 1 : PRIME - 1)) % PRIME;
      if (value === 0) row.delete(column);
      else row.set(column, value);
    }
    return row;
  });
  const rowsWith = cells.map(() => new Set<number>());
  rows.forEach((row, index) => row.forEach((_, column) => rowsWith[column].add(index)));

  const isPivotRow = new Uint8Array(rows.length);
  const pivotRowOf = new Int32Array(cells.length).fill(-1);
  const columns = [...cells.keys()].sort((a, b) => rowsWith[a].size - rowsWith[b].size);
  for (const column of columns) {
    let pivot = -1;
    for (const row of rowsWith[column]) if (!isPivotRow[row] && (pivot === -1 || rows[row].size < rows[pivot].size)) pivot = row;
    if (pivot === -1) continue;
    isPivotRow[pivot] = 1;
    pivotRowOf[column] = pivot;
    const pivotEntries = rows[pivot];
    const scale = inverse(pivotEntries.get(column)!);
    for (const [at, value] of pivotEntries) pivotEntries.set(at, (value * scale) % PRIME);
    for (const row of [...rowsWith[column]]) {
      if (row === pivot) continue;
      const target = rows[row];
      const factor = target.get(column)!;
      for (const [at, value] of pivotEntries) {
        const updated = ((target.get(at) ?? 0) + (PRIME - factor) * value) % PRIME;
        if (updated === 0) {
          target.delete(at);
          rowsWith[at].delete(row);
        } else {
          if (!target.has(at)) rowsWith[at].add(row);
          target.set(at, updated);
        }
      }
    }
  }

  const determined: number[] = [];
  pivotRowOf.forEach((row, column) => {
    if (row !== -1 && rows[row].size === 1) determined.push(cells[column]);
  });
  return determined;
}
