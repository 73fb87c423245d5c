import { CellCounters, rateValues, type IndicatorValue, type SchoolDirectory } from '../cells';
import { dayOfYear } from '../dates';
import { RowsByStudent, studentCount } from '../rows-by-student';
import type { GroupColumns } from '../student-groups';
import { schoolYearOfMonth } from '@lantern/contracts';

/**
 * How a school enrolment ended (Ed-Fi ExitWithdrawTypeDescriptor, mapped in docs/outcomes.md).
 * Only the four removals 34 CFR 200.19(b) allows take a student out of a cohort, and only with
 * written confirmation; everything else (dropout, GED programme, unknown) keeps them in.
 */
export const EXIT_TYPES = {
  none: 0,
  graduated: 1,
  /** To a school or programme that leads to a regular diploma (confirmed by the receiver). */
  transferredToDiplomaProgram: 2,
  emigrated: 3,
  /** To a prison or juvenile facility. */
  transferredToCorrectionalFacility: 4,
  died: 5,
  droppedOut: 6,
  transferredToEquivalencyProgram: 7,
  other: 8,
} as const;

const REMOVALS = new Set<number>([EXIT_TYPES.transferredToDiplomaProgram, EXIT_TYPES.emigrated, EXIT_TYPES.transferredToCorrectionalFacility, EXIT_TYPES.died]);

/** Diploma and credential types (Ed-Fi DiplomaTypeDescriptor). Only the first two count (ESEA 8101(23), (43)). */
export const DIPLOMA_TYPES = {
  regular: 1,
  /** State-defined alternate diploma, for students with the most significant cognitive disabilities. */
  stateDefinedAlternate: 2,
  equivalency: 3,
  certificateOfCompletion: 4,
  iepGoals: 5,
} as const;

/** School enrolments (Ed-Fi StudentSchoolAssociation), one row each, columns aligned. Day numbers (dates.ts). */
export interface SchoolEnrolments {
  student: Int32Array;
  school: Int32Array;
  entryDay: Int32Array;
  /** 0 = kindergarten … 12; −1 = pre-kindergarten or ungraded. */
  entryGrade: Int8Array;
  /** The exit/withdraw date, or −1 while enrolled. */
  exitDay: Int32Array;
  exitType: Uint8Array;
  /** 1 when the written confirmation a removal needs is on file (the receiving school's request, a death record…). */
  exitDocumented: Uint8Array;
}

/** Diplomas and credentials (Ed-Fi StudentAcademicRecord.diplomas). */
export interface Diplomas {
  student: Int32Array;
  awardDay: Int32Array;
  diplomaType: Uint8Array;
}

export interface GraduationOptions {
  /** The cohort: students who first entered 9th grade in this school year (2022 = 2021–22). */
  cohortYear: number;
  /** First-time 9th graders are those enrolled by this date of the fall ('MM-DD'; NCES membership date). */
  membershipMonthDay?: string;
  /** A diploma counts up to this day of the cohort's last summer ('MM-DD'; California uses 08-15). */
  deadlineMonthDay?: string;
}

/** The school year a day (days since 1970-01-01) falls in: July to June, named by the June. */
export function schoolYearOf(day: number): number {
  const date = new Date(day * 86_400_000);
  return schoolYearOfMonth(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

const COUNTERS = ['cohort', 'graduates', 'firstTimeNinthGraders', 'transfersIn', 'removed', 'undocumentedExits'] as const;

/**
 * 4- and 5-year adjusted cohort graduation rates (outcomes.md §3; ESEA 8101(23), (25); 34 CFR 200.19(b)).
 *
 * Cohort: a student's cohort year is the school year they first entered 9th grade in any of the
 * state's schools (entered by the membership date: a first-time 9th grader; later: a transfer in);
 * a student who first arrives in grade 10–12 joins the cohort of their grade (year − (grade − 9)),
 * a transfer in. A student stays in the cohort whatever happens (dropout, retention, GED programme,
 * unknown) unless their last enrolment by the deadline ended in one of the four removals with
 * written confirmation and no later enrolment; an undocumented removal stays in as a non-graduate.
 * Numerator: a regular diploma (or state-defined alternate) awarded by the deadline: the summer
 * after year 4 (or 5); early graduates count in their cohort. Accountable school: the last school
 * enrolled in by the deadline (California), so the district and state count each student once.
 */
export function graduationRates(enrolments: SchoolEnrolments, diplomas: Diplomas, groups: GroupColumns, directory: SchoolDirectory, options: GraduationOptions): IndicatorValue[] {
  const { cohortYear, membershipMonthDay = '10-01', deadlineMonthDay = '08-31' } = options;
  const students = studentCount(enrolments.student, diplomas.student);
  const byStudent = new RowsByStudent(enrolments.student, students);
  const diplomasByStudent = new RowsByStudent(diplomas.student, students);
  const extensions = [4, 5].map((years) => ({
    indicator: `graduation-${years}-year`,
    deadline: dayOfYear(cohortYear + years - 1, deadlineMonthDay),
    counters: new CellCounters(directory, COUNTERS, groups),
  }));
  const membershipDay = dayOfYear(cohortYear - 1, membershipMonthDay);

  for (let student = 0; student < students; student++) {
    const [first, end] = [byStudent.offsets[student], byStudent.offsets[student + 1]];
    let firstNinth = -1;
    let firstHighSchool = -1;
    for (let at = first; at < end; at++) {
      const row = byStudent.rows[at];
      const grade = enrolments.entryGrade[row];
      if (grade === 9 && (firstNinth === -1 || enrolments.entryDay[row] < enrolments.entryDay[firstNinth])) firstNinth = row;
      if (grade >= 9 && grade <= 12 && (firstHighSchool === -1 || enrolments.entryDay[row] < enrolments.entryDay[firstHighSchool])) firstHighSchool = row;
    }
    if (firstHighSchool === -1) continue;
    const joined = firstNinth !== -1 ? schoolYearOf(enrolments.entryDay[firstNinth]) : schoolYearOf(enrolments.entryDay[firstHighSchool]) - (enrolments.entryGrade[firstHighSchool] - 9);
    if (joined !== cohortYear) continue;
    const firstTime = firstNinth !== -1 && enrolments.entryDay[firstNinth] <= membershipDay;

    for (const { deadline, counters } of extensions) {
      // The last enrolment begun by the deadline: the accountable school, and how the student left it.
      let last = -1;
      for (let at = first; at < end; at++) {
        const row = byStudent.rows[at];
        if (enrolments.entryDay[row] > deadline) continue;
        if (
          last === -1 ||
          enrolments.entryDay[row] > enrolments.entryDay[last] ||
          (enrolments.entryDay[row] === enrolments.entryDay[last] && exitOf(enrolments, row) > exitOf(enrolments, last))
        )
          last = row;
      }
      if (last === -1) continue;
      const school = enrolments.school[last];
      const left = enrolments.exitDay[last] !== -1 && enrolments.exitDay[last] <= deadline;
      const removal = left && REMOVALS.has(enrolments.exitType[last]);
      if (!graduatedBy(diplomas, diplomasByStudent, student, deadline) && removal && enrolments.exitDocumented[last] === 1) {
        counters.add('removed', student, school);
        continue;
      }
      counters.add('cohort', student, school);
      counters.add(firstTime ? 'firstTimeNinthGraders' : 'transfersIn', student, school);
      if (graduatedBy(diplomas, diplomasByStudent, student, deadline)) counters.add('graduates', student, school);
      else if (removal) counters.add('undocumentedExits', student, school);
    }
  }
  return extensions.flatMap(({ indicator, counters }) => rateValues(indicator, counters, 'graduates', 'cohort'));
}

const exitOf = (enrolments: SchoolEnrolments, row: number) => (enrolments.exitDay[row] === -1 ? Number.MAX_SAFE_INTEGER : enrolments.exitDay[row]);

function graduatedBy(diplomas: Diplomas, byStudent: RowsByStudent, student: number, deadline: number): boolean {
  for (let at = byStudent.offsets[student]; at < byStudent.offsets[student + 1]; at++) {
    const row = byStudent.rows[at];
    const type = diplomas.diplomaType[row];
    if ((type === DIPLOMA_TYPES.regular || type === DIPLOMA_TYPES.stateDefinedAlternate) && diplomas.awardDay[row] <= deadline) return true;
  }
  return false;
}
