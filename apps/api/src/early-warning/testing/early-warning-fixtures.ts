import type { Envelope } from '@lantern/contracts';
import { EARLY_WARNING_AGREEMENT_TERMS, schoolYearOf, schoolYearStart } from '@lantern/early-warning';
import { localDateOf } from '@lantern/care-rules';
import { envelope } from '../../access/testing/k12-fixtures';
import { inForceForAYear, STATE_EDUCATION } from '../../access/testing/agreement-fixtures';

const DAY = 86_400_000;

/** Terms letting the recipients see the early-warning watch list of their enrolled students, in force from yesterday for a year. */
export function earlyWarningTerms(recipients: readonly string[]) {
  return {
    title: 'Early-warning indicators of enrolled students for their schools and districts',
    parties: [{ organizationId: STATE_EDUCATION, roles: ['contributor'] }, ...recipients.map((organizationId) => ({ organizationId, roles: ['recipient'] }))],
    ...EARLY_WARNING_AGREEMENT_TERMS,
    ...inForceForAYear(),
  };
}

/** Today in the hub's time zone, its Ed-Fi school year, and that year's first day. */
export function currentSchoolYear() {
  const today = localDateOf(new Date());
  const year = schoolYearOf(today);
  return { today, year, start: schoolYearStart(year) };
}

/** The `count` most recent weekdays before today, within the school year. */
export function recentWeekdays(count: number): string[] {
  const { start } = currentSchoolYear();
  const days: string[] = [];
  for (let at = Date.now() - DAY; days.length < count; at -= DAY) {
    const day = localDateOf(new Date(at));
    if (day < start) break;
    if (![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) days.push(day);
  }
  return days;
}

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
