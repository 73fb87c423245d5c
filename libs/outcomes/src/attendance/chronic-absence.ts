import { CellCounters, rateValues, type IndicatorValue, type SchoolDirectory } from '../cells';
import { RowsByStudent, studentCount } from '../rows-by-student';
import type { GroupColumns } from '../student-groups';

/**
 * A day's attendance (Ed-Fi attendanceEventCategory, with California's detail, outcomes.md §4).
 * Absent: excused, unexcused, out-of-school suspension, non-ADA independent study. Not absent:
 * in attendance, tardy, in-school suspension, ADA independent study.
 */
export const ATTENDANCE_CATEGORIES = {
  inAttendance: 0,
  excusedAbsence: 1,
  unexcusedAbsence: 2,
  outOfSchoolSuspension: 3,
  inSchoolSuspension: 4,
  independentStudyAda: 5,
  independentStudyNonAda: 6,
  tardy: 7,
} as const;

const ABSENT = new Set<number>([
  ATTENDANCE_CATEGORIES.excusedAbsence,
  ATTENDANCE_CATEGORIES.unexcusedAbsence,
  ATTENDANCE_CATEGORIES.outOfSchoolSuspension,
  ATTENDANCE_CATEGORIES.independentStudyNonAda,
]);

export function countsAsAbsent(category: number): boolean {
  return ABSENT.has(category);
}

/**
 * The school's instructional days (Ed-Fi CalendarDate with calendarEvent "Instructional day" or
 * "Make-up day") between entry and exit, both inclusive; `calendar` is sorted day numbers. Exit
 * −1 means still enrolled. The denominator is these days, never a nominal 180.
 */
export function enrolledInstructionalDays(calendar: Int32Array, entryDay: number, exitDay: number): number {
  const end = exitDay === -1 ? calendar.length : firstAfter(calendar, exitDay);
  return Math.max(0, end - firstAfter(calendar, entryDay - 1));
}

function firstAfter(sorted: Int32Array, day: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= day) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Per enrolment of a school year: instructional days enrolled and days absent (counted with
 * enrolledInstructionalDays and countsAsAbsent over the enrolment's attendance events, one per
 * day). A student with two enrolments in the year has two rows.
 */
export interface AttendanceDays {
  student: Int32Array;
  school: Int32Array;
  grade: Int8Array;
  daysEnrolled: Int32Array;
  daysAbsent: Float64Array;
}

export interface ChronicAbsenceOptions {
  /** Students enrolled fewer instructional days are left out (California: 31). */
  minimumDaysEnrolled?: number;
  /** Absent at least this share of the days enrolled (10 %; not CRDC's 15 days). */
  threshold?: number;
  /** Grades counted (−1 pre-K/TK, 0 = K); California's Dashboard: TK/K–8. All when omitted. */
  grades?: readonly number[];
}

const COUNTERS = ['students', 'chronicallyAbsent', 'belowMinimumDays'] as const;

/**
 * Chronic absenteeism rate (outcomes.md §4, California's definition): among students enrolled at
 * least the minimum instructional days, the share absent at least 10 % of their enrolled days. A
 * school counts every student who meets the criteria there (as CA and EDFacts FS195), so its
 * students may also count at another school; a district and the state count each student once,
 * from their days summed over the district's (or state's) schools.
 */
export function chronicAbsence(days: AttendanceDays, groups: GroupColumns, directory: SchoolDirectory, options: ChronicAbsenceOptions = {}): IndicatorValue[] {
  const { minimumDaysEnrolled = 31, threshold = 0.1, grades } = options;
  const counters = new CellCounters(directory, COUNTERS, groups);
  const { layout } = counters;
  const inGrades = grades ? new Set(grades) : undefined;
  const counted = (row: number) => !inGrades || inGrades.has(days.grade[row]);
  const isChronic = (absent: number, enrolled: number) => absent >= threshold * enrolled - 1e-9;
  const tally = (student: number, entity: number, enrolled: number, absent: number) => {
    if (enrolled < minimumDaysEnrolled) {
      counters.addAt('belowMinimumDays', student, entity);
      return;
    }
    counters.addAt('students', student, entity);
    if (isChronic(absent, enrolled)) counters.addAt('chronicallyAbsent', student, entity);
  };

  const students = studentCount(days.student);
  const byStudent = new RowsByStudent(days.student, students);
  // Per student: each school's row, then sums per district (each district once, at its first row; students have few rows) and for the state.
  for (let student = 0; student < students; student++) {
    const [first, end] = [byStudent.offsets[student], byStudent.offsets[student + 1]];
    let stateEnrolled = 0;
    let stateAbsent = 0;
    let any = false;
    for (let at = first; at < end; at++) {
      const row = byStudent.rows[at];
      if (!counted(row)) continue;
      any = true;
      tally(student, days.school[row], days.daysEnrolled[row], days.daysAbsent[row]);
      stateEnrolled += days.daysEnrolled[row];
      stateAbsent += days.daysAbsent[row];
      const district = layout.districtEntity(days.school[row]);
      let seen = false;
      for (let earlier = first; earlier < at && !seen; earlier++) seen = counted(byStudent.rows[earlier]) && layout.districtEntity(days.school[byStudent.rows[earlier]]) === district;
      if (seen) continue;
      let enrolled = 0;
      let absent = 0;
      for (let later = at; later < end; later++) {
        const other = byStudent.rows[later];
        if (!counted(other) || layout.districtEntity(days.school[other]) !== district) continue;
        enrolled += days.daysEnrolled[other];
        absent += days.daysAbsent[other];
      }
      tally(student, district, enrolled, absent);
    }
    if (any) tally(student, layout.stateEntity, stateEnrolled, stateAbsent);
  }
  return rateValues('chronic-absenteeism', counters, 'chronicallyAbsent', 'students');
}
