import type { Envelope } from '@lantern/contracts';
import { type IsoDate, schoolYearOf, schoolYearStart } from '@lantern/early-warning';
import { schoolCalendar, type SchoolLevel, SYNTHETIC_DESCRIPTORS as D, type SyntheticSchool } from '@lantern/synthetic-state';
import { createHash } from 'node:crypto';
import { DEMO_SCHOOL_YEARS, demoDistrict } from './demo-state';

/**
 * The demo's current school year: the synthetic state ends with 2025–26, so `npm start` adds a
 * cohort enrolled in the school year `today` falls in at the demo district's schools, with the
 * attendance, discipline and grades of the school days before today. Every record follows from
 * the seed and the school year alone; today only decides which have happened yet, so a later
 * start sends the same records again (the same natural keys) and the newer ones.
 */

/** The seed `npm start` generates the current year's cohort with. */
export const DEMO_COHORT_SEED = 2026;

/** Students in the cohort, by the level of their school (the demo school person's is the elementary one). */
const COHORT_SIZE: Record<SchoolLevel, number> = { elementary: 24, middle: 8, high: 8 };

/**
 * What a student's year looks like, repeated over each school's students: five in twelve show
 * an early-warning indicator (one of them two), the rest are on track.
 */
const PROFILES = [
  'chronically-absent',
  'suspended',
  'failing-core',
  'referred',
  'absent-and-failing',
  'on-track',
  'on-track',
  'on-track',
  'on-track',
  'on-track',
  'on-track',
  'on-track',
] as const;
export type CohortProfile = (typeof PROFILES)[number];

export interface CohortStudent {
  studentUniqueId: string;
  firstName: string;
  lastSurname: string;
  birthDate: IsoDate;
  birthSexDescriptor: string;
  school: SyntheticSchool;
  grade: number;
  profile: CohortProfile;
}

// Clearly made-up names: no synthetic-state or real child shares one.
const FIRST_NAMES = `Ash Briar Clover Dune Ember Fable Grove Haven Indigo Jasper Kestrel Linden Marlow Nova Orion Piper Quill Rowan Sable Tansy Umber Vesper Wynn Yarrow Zephyr`.split(' ');
const SURNAME_ROOTS = `Bramble Copper Fennel Gorse Hollow Lark Moss Pebble Quince Rush Sorrel Thistle Wicker Amber Birch Cinder Drift Frost Heather Juniper`.split(' ');
const SURNAME_ENDINGS = ['wick', 'bury', 'field', 'more', 'ton', 'wood', 'brook', 'dale'];
/** A step through the surnames coprime with their number, so no two students of a year share one. */
const SURNAME_STEP = 37;
/** Cohort ids: 8 yy nnn, apart from the synthetic state's 7 000 000 on and the demo's 6048nn. */
const FIRST_COHORT_ID = 8_000_000;

const COURSES: Record<SchoolLevel, readonly string[]> = { elementary: ['ELA', 'MATH', 'SCI', 'SOC'], middle: ['ELA', 'MATH', 'SCI', 'SOC'], high: ['ENG', 'MATH', 'SCI', 'SOC'] };
const GRADING_PERIODS = ['First Nine Weeks', 'Second Nine Weeks', 'Third Nine Weeks', 'Fourth Nine Weeks'];
/** A grading period's grade is posted (as its current grade) once this many of its school days are past. */
const DAYS_BEFORE_FIRST_GRADE = 10;
const OTHER_DISCIPLINES = ['Detention', 'Removal from Classroom'];

/** A uniform number in [0, 1) fixed by the seed and the keys: the same draw on every start. */
function draw(seed: number, ...keys: Array<string | number>): number {
  return (
    createHash('sha256')
      .update([seed, ...keys].join('/'))
      .digest()
      .readUInt32BE(0) /
    2 ** 32
  );
}

const between = (seed: number, low: number, high: number, ...keys: Array<string | number>) => low + Math.floor(draw(seed, ...keys) * (high - low + 1));
const isoDateOf = (day: number): IsoDate => new Date(day * 86_400_000).toISOString().slice(0, 10);

/** The students enrolled at the demo district's schools in an Ed-Fi school year. */
export function cohortOf(schoolYear: number, seed: number): CohortStudent[] {
  const students: CohortStudent[] = [];
  const surnames = SURNAME_ROOTS.flatMap((root) => SURNAME_ENDINGS.map((ending) => root + ending));
  const firstSurname = between(seed, 0, surnames.length - 1, schoolYear, 'surnames');
  for (const school of demoDistrict().schools) {
    const lowestGrade = Math.max(1, school.lowestGrade);
    for (let index = 0; index < COHORT_SIZE[school.level]; index++) {
      const number = students.length;
      const grade = lowestGrade + (index % (school.highestGrade - lowestGrade + 1));
      // Five on 1 September of the kindergarten year, as the synthetic state's children are.
      const birth = Date.UTC(schoolYear - grade - 6, 8, 1) / 86_400_000 + between(seed, 0, 364, schoolYear, number, 'birth');
      students.push({
        studentUniqueId: String(FIRST_COHORT_ID + (schoolYear % 100) * 1000 + number + 1),
        firstName: FIRST_NAMES[between(seed, 0, FIRST_NAMES.length - 1, schoolYear, number, 'first name')],
        lastSurname: surnames[(firstSurname + number * SURNAME_STEP) % surnames.length],
        birthDate: isoDateOf(birth),
        birthSexDescriptor: draw(seed, schoolYear, number, 'sex') < 0.5 ? D.SEX.female : D.SEX.male,
        school,
        grade,
        profile: PROFILES[index % PROFILES.length],
      });
    }
  }
  return students;
}

/**
 * The current school year's records for the demo as of `today`: each student of the cohort and
 * their enrolment from the year's first day (1 July) with no exit, their absences, discipline
 * actions and grades of the school days before today; and the enrolments of the cohorts of
 * earlier years since the demo state's last, closed at the end of their year, so a hub started
 * again a year later has only this year's cohort currently enrolled.
 */
export function demoCurrentYear(today: IsoDate, seed: number, contractVersion: (contractId: string) => string): Envelope[] {
  const schoolYear = schoolYearOf(today);
  const envelope = (contract: string, day: IsoDate, record: Record<string, unknown>): Envelope => ({
    contract,
    contractVersion: contractVersion(contract),
    operation: 'upsert',
    sourceSystem: sisOf(demoDistrict().districtId),
    eventTime: `${day}T00:00:00Z`,
    record,
  });
  const earlier: Envelope[] = [];
  for (let year = Math.max(...DEMO_SCHOOL_YEARS) + 1; year < schoolYear; year++) {
    const lastDay = isoDateOf(schoolCalendar(year).instructionalDays.at(-1)!);
    for (const student of cohortOf(year, seed)) {
      earlier.push(
        envelope('edfi.studentSchoolAssociation', lastDay, { ...enrolmentOf(student, year), exitWithdrawDate: lastDay, exitWithdrawTypeDescriptor: D.EXIT_WITHDRAW_TYPES.endOfSchoolYear }),
      );
    }
  }
  const students = cohortOf(schoolYear, seed);
  const start = schoolYearStart(schoolYear);
  const schoolDays = schoolCalendar(schoolYear).instructionalDays.map(isoDateOf);
  const past = schoolDays.filter((day) => day < today);
  return [
    ...earlier,
    ...students.map(({ studentUniqueId, firstName, lastSurname, birthDate, birthSexDescriptor }) =>
      envelope('edfi.student', start, { studentUniqueId, firstName, lastSurname, birthDate, birthSexDescriptor }),
    ),
    ...students.map((student) => envelope('edfi.studentSchoolAssociation', start, enrolmentOf(student, schoolYear))),
    ...students.flatMap((student) => absencesOf(student, schoolYear, past, seed).map((record) => envelope('edfi.studentSchoolAttendanceEvent', record.eventDate, record))),
    ...students.flatMap((student) => disciplineOf(student, schoolYear, schoolDays, today, seed).map((record) => envelope('edfi.disciplineAction', record.disciplineDate, record))),
    ...students.flatMap((student) => gradesOf(student, schoolYear, schoolDays, today, seed).map(({ postedOn, record }) => envelope('edfi.grade', postedOn, record))),
  ];
}

/** What `npm start` says it added. */
export function describeCurrentYear(today: IsoDate, seed: number, envelopes: readonly Envelope[]): string {
  const schoolYear = schoolYearOf(today);
  const students = cohortOf(schoolYear, seed);
  const schools = new Set(students.map((student) => student.school.schoolId));
  return `current school year ${schoolYear - 1}–${String(schoolYear).slice(2)}: ${students.length} students enrolled at ${schools.size} schools of district ${demoDistrict().districtId}, ${envelopes.length} records as of ${today}`;
}

const sisOf = (districtId: number) => `lea-${districtId}.sis`;
const sessionOf = (schoolYear: number, day: IsoDate) => `${schoolYear - 1}-${schoolYear} ${day <= `${schoolYear - 1}-12-31` ? 'Fall' : 'Spring'} Semester`;

function enrolmentOf(student: CohortStudent, schoolYear: number) {
  return {
    studentReference: { studentUniqueId: student.studentUniqueId },
    schoolReference: { schoolId: student.school.schoolId },
    entryDate: schoolYearStart(schoolYear),
    entryGradeLevelDescriptor: D.GRADE_LEVELS[student.grade],
    schoolYearTypeReference: { schoolYear },
  };
}

/** A chronically absent student misses 30–40 % of school days, another up to 4 %. */
function absencesOf(student: CohortStudent, schoolYear: number, pastDays: readonly IsoDate[], seed: number) {
  const chronic = student.profile === 'chronically-absent' || student.profile === 'absent-and-failing';
  const rate = chronic ? 0.3 + 0.1 * draw(seed, schoolYear, student.studentUniqueId, 'absence rate') : 0.04 * draw(seed, schoolYear, student.studentUniqueId, 'absence rate');
  return pastDays
    .filter((day) => draw(seed, schoolYear, student.studentUniqueId, day, 'absent') < rate)
    .map((eventDate) => ({
      attendanceEventCategoryDescriptor:
        draw(seed, schoolYear, student.studentUniqueId, eventDate, 'excused') < 0.5 ? D.ATTENDANCE_EVENT_CATEGORIES.excusedAbsence : D.ATTENDANCE_EVENT_CATEGORIES.unexcusedAbsence,
      eventDate,
      schoolReference: { schoolId: student.school.schoolId },
      sessionReference: { schoolId: student.school.schoolId, schoolYear, sessionName: sessionOf(schoolYear, eventDate) },
      studentReference: { studentUniqueId: student.studentUniqueId },
      eventDuration: 1,
    }));
}

/**
 * A suspended student has one out-of-school suspension early in the year; a referred one two
 * other actions early and a third later; every other on-track student one detention some time in the year.
 */
function disciplineOf(student: CohortStudent, schoolYear: number, schoolDays: readonly IsoDate[], today: IsoDate, seed: number) {
  const at = (low: number, high: number, key: string) => schoolDays[between(seed, low, high, schoolYear, student.studentUniqueId, key)];
  const actions: Array<{ day: IsoDate; discipline: string; length: number }> = [];
  const other = (key: string) => `uri://ed-fi.org/DisciplineDescriptor#${OTHER_DISCIPLINES[between(seed, 0, OTHER_DISCIPLINES.length - 1, schoolYear, student.studentUniqueId, key)]}`;
  if (student.profile === 'suspended')
    actions.push({ day: at(5, 40, 'suspension'), discipline: D.OUT_OF_SCHOOL_SUSPENSION, length: between(seed, 1, 3, schoolYear, student.studentUniqueId, 'length') });
  if (student.profile === 'referred') {
    actions.push({ day: at(3, 20, 'first'), discipline: other('first kind'), length: 1 }, { day: at(21, 40, 'second'), discipline: other('second kind'), length: 1 });
    actions.push({ day: at(60, 150, 'third'), discipline: other('third kind'), length: 1 });
  }
  if (student.profile === 'on-track' && draw(seed, schoolYear, student.studentUniqueId, 'detention') < 0.5) {
    actions.push({ day: at(10, 170, 'detention'), discipline: `uri://ed-fi.org/DisciplineDescriptor#${OTHER_DISCIPLINES[0]}`, length: 1 });
  }
  return actions
    .map((action, index) => ({ ...action, identifier: `DA-${schoolYear}-${student.studentUniqueId}-${index + 1}` }))
    .filter((action) => action.day < today)
    .map((action) => ({
      disciplineActionIdentifier: action.identifier,
      disciplineDate: action.day,
      studentReference: { studentUniqueId: student.studentUniqueId },
      responsibilitySchoolReference: { schoolId: student.school.schoolId },
      disciplines: [{ disciplineDescriptor: action.discipline }],
      disciplineActionLength: action.length,
      actualDisciplineActionLength: action.length,
    }));
}

/**
 * One grade per course and nine-week grading period of the year's 180 school days: the grade of
 * each period that has ended, and the current grade of the one under way once it is ten school
 * days old. A failing-core student fails ELA or mathematics; an absent-and-failing one science
 * and social studies; everyone else passes every course.
 */
function gradesOf(student: CohortStudent, schoolYear: number, schoolDays: readonly IsoDate[], today: IsoDate, seed: number) {
  const periodLength = schoolDays.length / GRADING_PERIODS.length;
  const subjects = COURSES[student.school.level];
  const failing = new Set(
    student.profile === 'failing-core'
      ? [subjects[between(seed, 0, 1, schoolYear, student.studentUniqueId, 'failed core')]]
      : student.profile === 'absent-and-failing'
        ? subjects.slice(2)
        : [],
  );
  const grades: Array<{ postedOn: IsoDate; record: Record<string, unknown> }> = [];
  GRADING_PERIODS.forEach((gradingPeriod, period) => {
    const days = schoolDays.slice(period * periodLength, (period + 1) * periodLength);
    const past = days.filter((day) => day < today);
    if (past.length < DAYS_BEFORE_FIRST_GRADE) return;
    const ended = past.length === days.length;
    for (const subject of subjects) {
      const localCourseCode = `${subject}-${student.grade}`;
      const mark = failing.has(subject)
        ? between(seed, 38, 57, schoolYear, student.studentUniqueId, subject, period)
        : between(seed, 64, 98, schoolYear, student.studentUniqueId, subject, period);
      grades.push({
        postedOn: past[past.length - 1],
        record: {
          gradeTypeDescriptor: 'uri://ed-fi.org/GradeTypeDescriptor#Grading Period',
          gradingPeriodReference: {
            gradingPeriodDescriptor: `uri://ed-fi.org/GradingPeriodDescriptor#${gradingPeriod}`,
            gradingPeriodName: `${schoolYear - 1}-${schoolYear} Q${period + 1}`,
            schoolId: student.school.schoolId,
            schoolYear,
          },
          studentSectionAssociationReference: {
            beginDate: schoolDays[0],
            localCourseCode,
            schoolId: student.school.schoolId,
            schoolYear,
            sectionIdentifier: `${localCourseCode}-${(Number(student.studentUniqueId) % 3) + 1}`,
            sessionName: `${schoolYear - 1}-${schoolYear} School Year`,
            studentUniqueId: student.studentUniqueId,
          },
          letterGradeEarned: mark >= 90 ? 'A' : mark >= 80 ? 'B' : mark >= 70 ? 'C' : mark >= 60 ? 'D' : 'F',
          numericGradeEarned: mark,
          ...(ended ? {} : { currentGradeIndicator: true, currentGradeAsOfDate: past[past.length - 1] }),
        },
      });
    }
  });
  return grades;
}
