/**
 * Row indexes grouped by student (compressed sparse rows: a counting sort, O(n), two Int32Arrays),
 * so a per-student rule visits a student's rows together however the rows arrived. Within a
 * student, rows keep their input order.
 */
export class RowsByStudent {
  readonly offsets: Int32Array;
  readonly rows: Int32Array;

  constructor(
    student: Int32Array,
    readonly students: number,
  ) {
    this.offsets = new Int32Array(students + 1);
    for (let row = 0; row < student.length; row++) this.offsets[student[row] + 1]++;
    for (let at = 0; at < students; at++) this.offsets[at + 1] += this.offsets[at];
    this.rows = new Int32Array(student.length);
    const next = this.offsets.slice(0, students);
    for (let row = 0; row < student.length; row++) this.rows[next[student[row]]++] = row;
  }
}

/** One more than the largest student index in the columns (0 when empty). */
export function studentCount(...columns: Int32Array[]): number {
  let count = 0;
  for (const column of columns) for (let row = 0; row < column.length; row++) if (column[row] >= count) count = column[row] + 1;
  return count;
}
