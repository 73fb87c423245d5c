import { earlierOf, type IsoDate, laterOf, schoolYearOf, schoolYearStart, weekdaysBetween } from './school-year';
import type { EarlyWarningThresholds } from './thresholds';

/** The ABC indicators: attendance, behaviour, course performance. */
export const INDICATORS = ['attendance', 'behaviour', 'course-performance'] as const;
export type Indicator = (typeof INDICATORS)[number];

/** One absence: an Ed-Fi StudentSchoolAttendanceEvent whose category is an absence. */
export interface AbsenceEvidence {
  eventDate: IsoDate;
  /** The category's code value, e.g. "Unexcused Absence". */
  category: string;
  /** Days it counts for (eventDuration, 1 when absent). */
  days: number;
}

/** One Ed-Fi DisciplineAction. */
export interface DisciplineEvidence {
  disciplineActionIdentifier: string;
  disciplineDate: IsoDate;
  /** The disciplines' code values, e.g. "Out of School Suspension". */
  disciplines: string[];
  /** A suspension or expulsion, or another action (an office referral, a detention, a removal). */
  kind: 'suspension' | 'other';
}

/** One failing Ed-Fi Grade. */
export interface FailingGradeEvidence {
  localCourseCode: string;
  sectionIdentifier: string | null;
  gradingPeriod: string | null;
  letterGradeEarned: string | null;
  numericGradeEarned: number | null;
  /** An ELA or mathematics course, by the district's course-code prefixes. */
  core: boolean;
}

export interface AttendanceFinding {
  indicator: 'attendance';
  flagged: boolean;
  enrolledDays: number;
  absentDays: number;
  /** absentDays / enrolledDays; null while no day is enrolled. */
  absenceRate: number | null;
  threshold: Pick<EarlyWarningThresholds, 'chronicAbsenceRate' | 'minimumEnrolledDays'>;
  records: AbsenceEvidence[];
}

export interface BehaviourFinding {
  indicator: 'behaviour';
  flagged: boolean;
  suspensions: number;
  otherDisciplineActions: number;
  threshold: Pick<EarlyWarningThresholds, 'suspensions' | 'otherDisciplineActions'>;
  records: DisciplineEvidence[];
}

export interface CoursePerformanceFinding {
  indicator: 'course-performance';
  flagged: boolean;
  failingCourses: number;
  failingCoreCourses: number;
  threshold: Pick<EarlyWarningThresholds, 'failingCourses' | 'coreCoursePrefixes' | 'passingNumericGrade'>;
  /** The failing grades only: a passing grade is no reason. */
  records: FailingGradeEvidence[];
}

export type Finding = AttendanceFinding | BehaviourFinding | CoursePerformanceFinding;

/**
 * What the hub holds about one student currently enrolled at a school, as stored: the current
 * enrolment there and the current records of the three contracts (any school year; only the
 * current one counts).
 */
export interface StudentRecords {
  sid: string;
  studentUniqueId: string;
  firstName: string | null;
  lastSurname: string | null;
  schoolId: string;
  enrolment: { entryDate: IsoDate; exitWithdrawDate: IsoDate | null };
  /** edfi.studentSchoolAttendanceEvent records. */
  attendanceEvents: readonly unknown[];
  /** edfi.disciplineAction records. */
  disciplineActions: readonly unknown[];
  /** edfi.grade records. */
  grades: readonly unknown[];
}

export interface StudentAssessment {
  sid: string;
  studentUniqueId: string;
  firstName: string | null;
  lastSurname: string | null;
  schoolId: string;
  findings: [AttendanceFinding, BehaviourFinding, CoursePerformanceFinding];
}

/** Each indicator's finding for one student, as of `asOf`, over the school year `asOf` falls in. */
export function assessStudent(student: StudentRecords, thresholds: EarlyWarningThresholds, asOf: IsoDate): StudentAssessment {
  const schoolYear = schoolYearOf(asOf);
  const { sid, studentUniqueId, firstName, lastSurname, schoolId } = student;
  return {
    sid,
    studentUniqueId,
    firstName,
    lastSurname,
    schoolId,
    findings: [
      attendanceFinding(student, thresholds, asOf, schoolYear),
      behaviourFinding(student.disciplineActions, thresholds, asOf, schoolYear),
      coursePerformanceFinding(student.grades, thresholds, schoolYear),
    ],
  };
}

/** The indicators a student is flagged on. */
export function flagsOf(assessment: StudentAssessment): Indicator[] {
  return assessment.findings.filter((finding) => finding.flagged).map((finding) => finding.indicator);
}

/** An Ed-Fi descriptor's code value: the part after '#'. */
export function codeValue(descriptor: unknown): string {
  const text = typeof descriptor === 'string' ? descriptor : '';
  return text.slice(text.indexOf('#') + 1);
}

const ABSENCE = /absence/i;
const SUSPENSION = /suspension|expulsion/i;

/** Absences at this school from the later of entry and the school year's start to the earlier of exit and `asOf`, over the weekdays enrolled in that span. */
function attendanceFinding(student: StudentRecords, thresholds: EarlyWarningThresholds, asOf: IsoDate, schoolYear: number): AttendanceFinding {
  const from = laterOf(student.enrolment.entryDate, schoolYearStart(schoolYear));
  const to = student.enrolment.exitWithdrawDate ? earlierOf(student.enrolment.exitWithdrawDate, asOf) : asOf;
  const enrolledDays = weekdaysBetween(from, to);
  const records = student.attendanceEvents
    .map((event) => event as { eventDate?: string; attendanceEventCategoryDescriptor?: string; eventDuration?: number; schoolReference?: { schoolId?: unknown } })
    .filter((event) => String(event.schoolReference?.schoolId) === student.schoolId && typeof event.eventDate === 'string' && event.eventDate >= from && event.eventDate <= to)
    .map((event) => ({ eventDate: event.eventDate as string, category: codeValue(event.attendanceEventCategoryDescriptor), days: event.eventDuration ?? 1 }))
    .filter((event) => ABSENCE.test(event.category) && event.days > 0)
    .sort((a, b) => a.eventDate.localeCompare(b.eventDate));
  // Never more absent days than enrolled ones, whatever the records say.
  const absentDays = Math.min(
    enrolledDays,
    records.reduce((sum, record) => sum + record.days, 0),
  );
  const absenceRate = enrolledDays === 0 ? null : absentDays / enrolledDays;
  const flagged = enrolledDays >= thresholds.minimumEnrolledDays && absenceRate !== null && absenceRate >= thresholds.chronicAbsenceRate;
  return {
    indicator: 'attendance',
    flagged,
    enrolledDays,
    absentDays,
    absenceRate,
    threshold: { chronicAbsenceRate: thresholds.chronicAbsenceRate, minimumEnrolledDays: thresholds.minimumEnrolledDays },
    records,
  };
}

/** Discipline actions dated in the school year up to `asOf`, at any school. */
function behaviourFinding(actions: readonly unknown[], thresholds: EarlyWarningThresholds, asOf: IsoDate, schoolYear: number): BehaviourFinding {
  const records = actions
    .map((action) => action as { disciplineActionIdentifier?: string; disciplineDate?: string; disciplines?: Array<{ disciplineDescriptor?: string }> })
    .filter((action) => typeof action.disciplineDate === 'string' && action.disciplineDate >= schoolYearStart(schoolYear) && action.disciplineDate <= asOf)
    .map((action): DisciplineEvidence => {
      const disciplines = (action.disciplines ?? []).map((discipline) => codeValue(discipline.disciplineDescriptor));
      return {
        disciplineActionIdentifier: String(action.disciplineActionIdentifier ?? ''),
        disciplineDate: action.disciplineDate as string,
        disciplines,
        kind: disciplines.some((discipline) => SUSPENSION.test(discipline)) ? 'suspension' : 'other',
      };
    })
    .sort((a, b) => a.disciplineDate.localeCompare(b.disciplineDate) || a.disciplineActionIdentifier.localeCompare(b.disciplineActionIdentifier));
  const suspensions = records.filter((record) => record.kind === 'suspension').length;
  const otherDisciplineActions = records.length - suspensions;
  return {
    indicator: 'behaviour',
    flagged: suspensions >= thresholds.suspensions || otherDisciplineActions >= thresholds.otherDisciplineActions,
    suspensions,
    otherDisciplineActions,
    threshold: { suspensions: thresholds.suspensions, otherDisciplineActions: thresholds.otherDisciplineActions },
    records,
  };
}

/** Whether a grade fails: a letter F, or a number below the passing grade. */
export function isFailingGrade(letter: string | null, numeric: number | null, passingNumericGrade: number): boolean {
  if (letter !== null && /^F/i.test(letter.trim())) return true;
  return numeric !== null && numeric < passingNumericGrade;
}

/** Failing grades of the school year; a course failed in several grading periods counts once. */
function coursePerformanceFinding(grades: readonly unknown[], thresholds: EarlyWarningThresholds, schoolYear: number): CoursePerformanceFinding {
  const records = grades
    .map(
      (grade) =>
        grade as {
          letterGradeEarned?: string;
          numericGradeEarned?: number;
          gradingPeriodReference?: { schoolYear?: number; gradingPeriodName?: string };
          studentSectionAssociationReference?: { localCourseCode?: string; sectionIdentifier?: string };
        },
    )
    .filter((grade) => grade.gradingPeriodReference?.schoolYear === schoolYear)
    .map((grade): FailingGradeEvidence => {
      const localCourseCode = String(grade.studentSectionAssociationReference?.localCourseCode ?? '');
      return {
        localCourseCode,
        sectionIdentifier: grade.studentSectionAssociationReference?.sectionIdentifier ?? null,
        gradingPeriod: grade.gradingPeriodReference?.gradingPeriodName ?? null,
        letterGradeEarned: grade.letterGradeEarned ?? null,
        numericGradeEarned: grade.numericGradeEarned ?? null,
        core: thresholds.coreCoursePrefixes.some((prefix) => localCourseCode.toUpperCase().startsWith(prefix.toUpperCase())),
      };
    })
    .filter((grade) => isFailingGrade(grade.letterGradeEarned, grade.numericGradeEarned, thresholds.passingNumericGrade))
    .sort((a, b) => a.localCourseCode.localeCompare(b.localCourseCode) || (a.gradingPeriod ?? '').localeCompare(b.gradingPeriod ?? ''));
  const courses = new Map(records.map((record) => [record.localCourseCode, record.core]));
  const failingCoreCourses = [...courses.values()].filter(Boolean).length;
  return {
    indicator: 'course-performance',
    flagged: failingCoreCourses > 0 || courses.size >= thresholds.failingCourses,
    failingCourses: courses.size,
    failingCoreCourses,
    threshold: { failingCourses: thresholds.failingCourses, coreCoursePrefixes: thresholds.coreCoursePrefixes, passingNumericGrade: thresholds.passingNumericGrade },
    records,
  };
}
