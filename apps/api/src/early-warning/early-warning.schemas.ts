import { DEFAULT_THRESHOLDS, INDICATORS } from '@lantern/early-warning';
import { day, decimal, flag, instant, list, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the early-warning watch list (libs/early-warning's findings and thresholds).

const indicator = oneOfText(INDICATORS);
const rate = (example: number, description: string) => decimal(example, { minimum: 0, maximum: 1, description });

const thresholds = object(
  {
    chronicAbsenceRate: rate(DEFAULT_THRESHOLDS.chronicAbsenceRate, 'Attendance: flagged when absent days reach this share of enrolled days'),
    minimumEnrolledDays: whole(DEFAULT_THRESHOLDS.minimumEnrolledDays, { minimum: 1, maximum: 200, description: 'Attendance is judged only after this many enrolled school days' }),
    suspensions: whole(DEFAULT_THRESHOLDS.suspensions, { minimum: 1, maximum: 50, description: 'Behaviour: flagged at this many suspensions or expulsions' }),
    otherDisciplineActions: whole(DEFAULT_THRESHOLDS.otherDisciplineActions, {
      minimum: 1,
      maximum: 50,
      description: 'Behaviour: flagged at this many other discipline actions (office referrals…)',
    }),
    failingCourses: whole(DEFAULT_THRESHOLDS.failingCourses, { minimum: 1, maximum: 20, description: 'Course performance: flagged at this many failing courses' }),
    coreCoursePrefixes: list(text('ALG', { pattern: '^[A-Za-z0-9-]{1,20}$' }), {
      maxItems: 50,
      example: DEFAULT_THRESHOLDS.coreCoursePrefixes,
      description: 'Course performance: any failing grade in a course whose local code starts with one of these (ELA and mathematics) flags',
    }),
    passingNumericGrade: whole(DEFAULT_THRESHOLDS.passingNumericGrade, { minimum: 1, maximum: 100, description: 'A numeric grade below this fails (a letter F fails whatever the number)' }),
  },
  { description: 'When each ABC indicator flags a student (defaults from the early-warning research: libs/early-warning/README.md)' },
);

export const EARLY_WARNING_SCHEMAS = {
  EarlyWarningThresholds: thresholds,
  DistrictThresholds: object({
    districtId: nullable(text('255901')),
    thresholds,
    source: oneOfText(['district', 'default'], 'district', { description: "The district's own, or the defaults while it has set none" }),
    updatedAt: nullable(instant()),
    updatedBy: nullable(text('person:lp_3f2c8a40')),
  }),
  AttendanceFinding: object({
    indicator: oneOfText(['attendance']),
    flagged: flag(true),
    enrolledDays: whole(60, { description: 'Weekdays enrolled at the school this school year, up to today' }),
    absentDays: decimal(7),
    absenceRate: nullable(rate(0.117, 'absentDays / enrolledDays; null while no day is enrolled')),
    threshold: object({ chronicAbsenceRate: decimal(0.1), minimumEnrolledDays: whole(10) }),
    records: list(object({ eventDate: day('2026-10-14'), category: text('Unexcused Absence'), days: decimal(1) }), { description: 'Every absence counted' }),
  }),
  BehaviourFinding: object({
    indicator: oneOfText(['behaviour']),
    flagged: flag(true),
    suspensions: whole(1),
    otherDisciplineActions: whole(0),
    threshold: object({ suspensions: whole(1), otherDisciplineActions: whole(2) }),
    records: list(
      object({
        disciplineActionIdentifier: text('DA-2026-00417'),
        disciplineDate: day('2026-11-12'),
        disciplines: list(text('Out of School Suspension')),
        kind: oneOfText(['suspension', 'other']),
      }),
      { description: 'Every discipline action of the school year' },
    ),
  }),
  CoursePerformanceFinding: object({
    indicator: oneOfText(['course-performance']),
    flagged: flag(true),
    failingCourses: whole(1),
    failingCoreCourses: whole(1),
    threshold: object({ failingCourses: whole(2), coreCoursePrefixes: list(text('ALG')), passingNumericGrade: whole(60) }),
    records: list(
      object({
        localCourseCode: text('ALG-1'),
        sectionIdentifier: nullable(text('ALG-1-P3')),
        gradingPeriod: nullable(text('2026-2027 Fall Semester')),
        letterGradeEarned: nullable(text('F')),
        numericGradeEarned: nullable(decimal(52)),
        core: flag(true, { description: 'An ELA or mathematics course, by the district’s course-code prefixes' }),
      }),
      { description: 'Every failing grade of the school year' },
    ),
  }),
  WatchListStudent: object({
    studentUniqueId: text('GB-2001'),
    firstName: nullable(text('Mateo')),
    lastSurname: nullable(text('Alvarez')),
    flags: list(indicator, { example: ['attendance', 'course-performance'] }),
    attendance: { $ref: '#/components/schemas/AttendanceFinding' },
    behaviour: { $ref: '#/components/schemas/BehaviourFinding' },
    coursePerformance: { $ref: '#/components/schemas/CoursePerformanceFinding' },
  }),
  WatchList: object({
    schoolId: text('255901001'),
    districtId: nullable(text('255901')),
    asOf: day('2026-12-04'),
    schoolYear: whole(2027, { description: 'The Ed-Fi school year judged (2027 = July 2026 to June 2027)' }),
    schoolYearStart: day('2026-07-01', { description: 'Its first day: only records from then on count' }),
    indicator: nullable(indicator),
    thresholds: { $ref: '#/components/schemas/DistrictThresholds' },
    release: object(
      {
        agreement: object({ id: text('3f2c8a40-1d6e-4b7a-9c51-2e8f0a6b7d93'), version: whole(1) }),
        disclosureId: nullable(text('1042', { description: 'This view’s entry in the record of disclosures; null when it shows no student' })),
      },
      { description: 'The agreement the list was released under' },
    ),
    total: whole(3, { description: 'Flagged students (on the indicator, when one is asked for)' }),
    page: whole(1),
    pageSize: whole(25),
    students: list({ $ref: '#/components/schemas/WatchListStudent' }),
  }),
};

export const earlyWarningSchema = refTo(EARLY_WARNING_SCHEMAS);

export const WATCH_LIST_CSV_EXAMPLE =
  'schoolId,studentUniqueId,lastSurname,firstName,flags,enrolledDays,absentDays,absenceRate,suspensions,otherDisciplineActions,failingCourses,failingCoreCourses,failingCourseCodes\r\n' +
  '255901001,GB-2001,Alvarez,Mateo,attendance course-performance,60,7,0.117,0,0,1,1,ALG-1\r\n';
