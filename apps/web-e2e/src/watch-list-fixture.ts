// The early-warning watch list's seed for the browser tests: four students currently enrolled at
// Grand Bend High (255901001), three of them flagged on one ABC indicator each, and an agreement
// naming the school and its district for the early-warning purpose. Stored through the real
// libraries: identity resolution gives the students SIDs, the records library stores the records
// as ingestion stores them, and the agreement registry drafts and approves the agreement.
import { EARLY_WARNING_AGREEMENT_TERMS, schoolYearOf, schoolYearStart, weekdaysBefore } from '@lantern/early-warning';
import type { AgreementTerms } from '@lantern/governance';
import type { DataSource } from 'typeorm';
import { agreementInForce, type FixtureEnvelope, inForceSinceYesterday, storeFixtureRecords } from './fixture-store';

const SOURCE = 'lea-255901.sis';
const SCHOOL = 255901001;
const STATE_EDUCATION = 'sea-state-education';

/** The students: the browser tests look for their names. */
export const WATCH_LIST_STUDENTS = {
  absent: { studentUniqueId: 'WL-3001', firstName: 'Mateo', lastSurname: 'Alvarez', birthDate: '2011-02-03' },
  failing: { studentUniqueId: 'WL-3002', firstName: 'Hana', lastSurname: 'Sato', birthDate: '2010-09-14' },
  suspended: { studentUniqueId: 'WL-3003', firstName: 'Olu', lastSurname: 'Bakare', birthDate: '2011-06-30' },
  notFlagged: { studentUniqueId: 'WL-3004', firstName: 'Ines', lastSurname: 'Moreau', birthDate: '2010-12-01' },
} as const;

/**
 * The day the browser tests' API judges the watch list as of (LANTERN_DEV_WATCH_LIST_DATE), a
 * Wednesday in the autumn term; the records are dated from it, so the list never depends on the calendar.
 */
export const WATCH_LIST_DAY = '2026-11-18';

function watchListEnvelopes(): FixtureEnvelope[] {
  const year = schoolYearOf(WATCH_LIST_DAY);
  const start = schoolYearStart(year);
  const envelope = (contract: string, record: Record<string, unknown>): FixtureEnvelope => ({
    contract,
    operation: 'upsert',
    sourceSystem: SOURCE,
    eventTime: new Date().toISOString(),
    record,
  });
  const students = Object.values(WATCH_LIST_STUDENTS);
  const [yesterday] = weekdaysBefore(WATCH_LIST_DAY, 1);
  const gradeOf = (studentUniqueId: string, localCourseCode: string, letterGradeEarned: string, numericGradeEarned: number) =>
    envelope('edfi.grade', {
      gradeTypeDescriptor: 'uri://ed-fi.org/GradeTypeDescriptor#Grading Period',
      gradingPeriodReference: {
        gradingPeriodDescriptor: 'uri://ed-fi.org/GradingPeriodDescriptor#First Nine Weeks',
        gradingPeriodName: `${year - 1}-${year} Q1`,
        schoolId: SCHOOL,
        schoolYear: year,
      },
      studentSectionAssociationReference: {
        beginDate: start,
        localCourseCode,
        schoolId: SCHOOL,
        schoolYear: year,
        sectionIdentifier: `${localCourseCode}-P1`,
        sessionName: 'Fall Semester',
        studentUniqueId,
      },
      letterGradeEarned,
      numericGradeEarned,
    });
  return [
    ...students.map((student) => envelope('edfi.student', student)),
    ...students.map(({ studentUniqueId }) =>
      envelope('edfi.studentSchoolAssociation', {
        studentReference: { studentUniqueId },
        schoolReference: { schoolId: SCHOOL },
        entryDate: start,
        entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade',
      }),
    ),
    ...weekdaysBefore(WATCH_LIST_DAY, 12).map((eventDate) =>
      envelope('edfi.studentSchoolAttendanceEvent', {
        attendanceEventCategoryDescriptor: 'uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence',
        eventDate,
        schoolReference: { schoolId: SCHOOL },
        sessionReference: { schoolId: SCHOOL, schoolYear: year, sessionName: 'Fall Semester' },
        studentReference: { studentUniqueId: WATCH_LIST_STUDENTS.absent.studentUniqueId },
        eventDuration: 1,
      }),
    ),
    gradeOf(WATCH_LIST_STUDENTS.failing.studentUniqueId, 'ALG-1', 'F', 48),
    gradeOf(WATCH_LIST_STUDENTS.notFlagged.studentUniqueId, 'ENG-9', 'A', 95),
    envelope('edfi.disciplineAction', {
      disciplineActionIdentifier: 'DA-E2E-1',
      disciplineDate: yesterday,
      studentReference: { studentUniqueId: WATCH_LIST_STUDENTS.suspended.studentUniqueId },
      responsibilitySchoolReference: { schoolId: SCHOOL },
      disciplines: [{ disciplineDescriptor: 'uri://ed-fi.org/DisciplineDescriptor#Out of School Suspension' }],
    }),
  ];
}

function earlyWarningTerms(): AgreementTerms {
  return {
    title: 'Early-warning indicators of Grand Bend students',
    parties: [
      { organizationId: STATE_EDUCATION, roles: ['contributor'] },
      { organizationId: '255901', roles: ['recipient'] },
      { organizationId: String(SCHOOL), roles: ['recipient'] },
    ],
    ...EARLY_WARNING_AGREEMENT_TERMS,
    ...inForceSinceYesterday(),
  };
}

/** Seeds the watch list: the students' SIDs, their records, and the agreement, in force. */
export async function storeWatchList(dataSource: DataSource): Promise<number> {
  const stored = await storeFixtureRecords(dataSource, 'watch-list', watchListEnvelopes());
  await agreementInForce(dataSource, earlyWarningTerms());
  return stored;
}
