import type { Envelope } from '@lantern/contracts';
import { EARLY_WARNING_AGREEMENT_TERMS, schoolYearOf, schoolYearStart, weekdaysBefore } from '@lantern/early-warning';
import { envelope } from '../../access/testing/k12-fixtures';
import { inForceForAYear, STATE_EDUCATION } from '../../access/testing/agreement-fixtures';

/** Terms letting the recipients see the early-warning watch list of their enrolled students, in force from yesterday for a year. */
export function earlyWarningTerms(recipients: readonly string[]) {
  return {
    title: 'Early-warning indicators of enrolled students for their schools and districts',
    parties: [{ organizationId: STATE_EDUCATION, roles: ['contributor'] }, ...recipients.map((organizationId) => ({ organizationId, roles: ['recipient'] }))],
    ...EARLY_WARNING_AGREEMENT_TERMS,
    ...inForceForAYear(),
  };
}

/**
 * The day the tests judge the watch list as of (LANTERN_DEV_WATCH_LIST_DATE), a Wednesday in
 * the autumn term: the records are dated from it, so the list is the same whatever the calendar says.
 */
export const WATCH_LIST_DAY = '2026-11-18';

/** The fixed day, its Ed-Fi school year, and that year's first day. */
export function currentSchoolYear() {
  const year = schoolYearOf(WATCH_LIST_DAY);
  return { today: WATCH_LIST_DAY, year, start: schoolYearStart(year) };
}

/** The `count` most recent weekdays before the fixed day, within its school year. */
export const recentWeekdays = (count: number) => weekdaysBefore(WATCH_LIST_DAY, count);

export const absence = (studentUniqueId: string, schoolId: number, eventDate: string): Envelope =>
  envelope('edfi.studentSchoolAttendanceEvent', {
    attendanceEventCategoryDescriptor: 'uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence',
    eventDate,
    schoolReference: { schoolId },
    sessionReference: { schoolId, schoolYear: currentSchoolYear().year, sessionName: 'Fall Semester' },
    studentReference: { studentUniqueId },
    eventDuration: 1,
  });

export const disciplineAction = (studentUniqueId: string, schoolId: number, disciplineActionIdentifier: string, discipline: string, disciplineDate: string): Envelope =>
  envelope('edfi.disciplineAction', {
    disciplineActionIdentifier,
    disciplineDate,
    studentReference: { studentUniqueId },
    responsibilitySchoolReference: { schoolId },
    disciplines: [{ disciplineDescriptor: `uri://ed-fi.org/DisciplineDescriptor#${discipline}` }],
  });

export const grade = (studentUniqueId: string, schoolId: number, localCourseCode: string, letterGradeEarned: string, numericGradeEarned: number): Envelope => {
  const { year } = currentSchoolYear();
  return envelope('edfi.grade', {
    gradeTypeDescriptor: 'uri://ed-fi.org/GradeTypeDescriptor#Grading Period',
    gradingPeriodReference: { gradingPeriodDescriptor: 'uri://ed-fi.org/GradingPeriodDescriptor#First Nine Weeks', gradingPeriodName: `${year - 1}-${year} Q1`, schoolId, schoolYear: year },
    studentSectionAssociationReference: {
      beginDate: currentSchoolYear().start,
      localCourseCode,
      schoolId,
      schoolYear: year,
      sectionIdentifier: `${localCourseCode}-P1`,
      sessionName: 'Fall Semester',
      studentUniqueId,
    },
    letterGradeEarned,
    numericGradeEarned,
  });
};
