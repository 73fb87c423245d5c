import fc from 'fast-check';
import { assessStudent, type StudentRecords } from './indicators';
import { schoolYearOf, weekdaysBefore, weekdaysBetween } from './school-year';
import { DEFAULT_THRESHOLDS, type EarlyWarningThresholds } from './thresholds';
import { watchListCsv, watchListOf, watchListPage } from './watch-list';

const SCHOOL = '255901001';
const AS_OF = '2026-12-04';
const YEAR = schoolYearOf(AS_OF);

/** Days of the school year so far, and a few of the year before and after, so the window is tested too. */
const dayArbitrary = fc.integer({ min: Date.parse('2026-05-01'), max: Date.parse('2027-01-31') }).map((ms) => new Date(ms - (ms % 86_400_000)).toISOString().slice(0, 10));
const CATEGORIES = ['Excused Absence', 'Unexcused Absence', 'Tardy', 'In Attendance'];
const DISCIPLINES = ['Out of School Suspension', 'In School Suspension', 'Expulsion', 'Office Referral', 'Detention', 'Removal from Classroom'];
const COURSES = ['ALG-1', 'ENG-9', 'BIO-1', 'ART-2', 'HIST-1', 'MATH-7'];

const attendanceArbitrary = fc.record({
  eventDate: dayArbitrary,
  attendanceEventCategoryDescriptor: fc.constantFrom(...CATEGORIES).map((code) => `uri://ed-fi.org/AttendanceEventCategoryDescriptor#${code}`),
  schoolReference: fc.constantFrom({ schoolId: 255901001 }, { schoolId: 255902001 }),
  eventDuration: fc.constantFrom(0.5, 1),
});
const disciplineArbitrary = fc.record({
  disciplineActionIdentifier: fc.string({ minLength: 1, maxLength: 8 }),
  disciplineDate: dayArbitrary,
  disciplines: fc.array(
    fc.constantFrom(...DISCIPLINES).map((code) => ({ disciplineDescriptor: `uri://ed-fi.org/DisciplineDescriptor#${code}` })),
    { minLength: 1, maxLength: 2 },
  ),
});
const gradeArbitrary = fc.record({
  gradingPeriodReference: fc.record({ schoolYear: fc.constantFrom(YEAR, YEAR - 1), gradingPeriodName: fc.constantFrom('Fall', 'Q1', 'Q2') }),
  studentSectionAssociationReference: fc.record({ localCourseCode: fc.constantFrom(...COURSES), sectionIdentifier: fc.constant('S1') }),
  letterGradeEarned: fc.constantFrom('A', 'B+', 'C', 'D-', 'F'),
  numericGradeEarned: fc.integer({ min: 0, max: 100 }),
});

const studentArbitrary: fc.Arbitrary<StudentRecords> = fc.record({
  sid: fc.uuid(),
  studentUniqueId: fc.string({ minLength: 1, maxLength: 10 }),
  firstName: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
  lastSurname: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
  schoolId: fc.constant(SCHOOL),
  enrolment: fc.record({ entryDate: dayArbitrary, exitWithdrawDate: fc.option(dayArbitrary, { nil: null }) }),
  attendanceEvents: fc.array(attendanceArbitrary, { maxLength: 40 }),
  disciplineActions: fc.array(disciplineArbitrary, { maxLength: 5 }),
  grades: fc.array(gradeArbitrary, { maxLength: 8 }),
});

const thresholdsArbitrary: fc.Arbitrary<EarlyWarningThresholds> = fc.record({
  chronicAbsenceRate: fc.double({ min: 0.01, max: 1, noNaN: true }),
  minimumEnrolledDays: fc.integer({ min: 1, max: 30 }),
  suspensions: fc.integer({ min: 1, max: 4 }),
  otherDisciplineActions: fc.integer({ min: 1, max: 4 }),
  failingCourses: fc.integer({ min: 1, max: 4 }),
  coreCoursePrefixes: fc.subarray(['ALG', 'ENG', 'MATH']),
  passingNumericGrade: fc.integer({ min: 1, max: 100 }),
});

/** A stricter set of thresholds: each as strict or stricter (flags no fewer students). */
const stricterOf = (thresholds: EarlyWarningThresholds) =>
  fc.record({
    chronicAbsenceRate: fc.double({ min: 0.001, max: thresholds.chronicAbsenceRate, noNaN: true }),
    minimumEnrolledDays: fc.integer({ min: 1, max: thresholds.minimumEnrolledDays }),
    suspensions: fc.integer({ min: 1, max: thresholds.suspensions }),
    otherDisciplineActions: fc.integer({ min: 1, max: thresholds.otherDisciplineActions }),
    failingCourses: fc.integer({ min: 1, max: thresholds.failingCourses }),
    coreCoursePrefixes: fc.constant<string[]>([...thresholds.coreCoursePrefixes, 'BIO']),
    passingNumericGrade: fc.integer({ min: thresholds.passingNumericGrade, max: 100 }),
  });

describe('the ABC indicators', () => {
  it('flag attendance exactly when the absence rate over enrolled days reaches the threshold, with enough days enrolled', () => {
    fc.assert(
      fc.property(studentArbitrary, thresholdsArbitrary, (student, thresholds) => {
        const [attendance] = assessStudent(student, thresholds, AS_OF).findings;
        expect(attendance.absentDays).toBeLessThanOrEqual(attendance.enrolledDays);
        expect(attendance.absentDays).toBeCloseTo(
          Math.min(
            attendance.enrolledDays,
            attendance.records.reduce((sum, record) => sum + record.days, 0),
          ),
        );
        const rate = attendance.enrolledDays === 0 ? null : attendance.absentDays / attendance.enrolledDays;
        expect(attendance.flagged).toBe(attendance.enrolledDays >= thresholds.minimumEnrolledDays && rate !== null && rate >= thresholds.chronicAbsenceRate);
        // Every absence shown is this school's, in the enrolment, this school year, and an absence.
        for (const record of attendance.records) {
          expect(record.category).toMatch(/Absence$/);
          expect(record.eventDate >= student.enrolment.entryDate && record.eventDate <= AS_OF && schoolYearOf(record.eventDate) === YEAR).toBe(true);
        }
      }),
    );
  });

  it('flag behaviour on the suspensions or the other actions of this school year, and show every one counted', () => {
    fc.assert(
      fc.property(studentArbitrary, thresholdsArbitrary, (student, thresholds) => {
        const [, behaviour] = assessStudent(student, thresholds, AS_OF).findings;
        expect(behaviour.records.length).toBe(behaviour.suspensions + behaviour.otherDisciplineActions);
        expect(behaviour.suspensions).toBe(behaviour.records.filter((record) => record.disciplines.some((code) => /Suspension|Expulsion/.test(code))).length);
        expect(behaviour.flagged).toBe(behaviour.suspensions >= thresholds.suspensions || behaviour.otherDisciplineActions >= thresholds.otherDisciplineActions);
        const counted = student.disciplineActions.filter((action) => {
          const date = (action as { disciplineDate: string }).disciplineDate;
          return schoolYearOf(date) === YEAR && date <= AS_OF;
        });
        expect(behaviour.records).toHaveLength(counted.length);
      }),
    );
  });

  it('flag course performance on any failing core course or enough failing courses, every record shown failing', () => {
    fc.assert(
      fc.property(studentArbitrary, thresholdsArbitrary, (student, thresholds) => {
        const [, , courses] = assessStudent(student, thresholds, AS_OF).findings;
        for (const record of courses.records) {
          expect(record.letterGradeEarned === 'F' || (record.numericGradeEarned as number) < thresholds.passingNumericGrade).toBe(true);
        }
        const codes = new Set(courses.records.map((record) => record.localCourseCode));
        expect(courses.failingCourses).toBe(codes.size);
        expect(courses.flagged).toBe(courses.failingCoreCourses > 0 || codes.size >= thresholds.failingCourses);
        expect(courses.failingCoreCourses > 0).toBe([...codes].some((code) => thresholds.coreCoursePrefixes.some((prefix) => code.startsWith(prefix))));
      }),
    );
  });

  it('never flag fewer students under stricter thresholds', () => {
    fc.assert(
      fc.property(
        fc.array(studentArbitrary, { maxLength: 6 }),
        thresholdsArbitrary.chain((lenient) => stricterOf(lenient).map((strict) => ({ lenient, strict }))),
        (students, { lenient, strict }) => {
          for (const student of students) {
            const before = assessStudent(student, lenient, AS_OF).findings;
            const after = assessStudent(student, strict, AS_OF).findings;
            before.forEach((finding, index) => {
              if (finding.flagged) expect(after[index].flagged).toBe(true);
            });
          }
        },
      ),
    );
  });
});

describe('the watch list', () => {
  it('lists exactly the flagged students, each page a slice of one order, filtered by indicator', () => {
    fc.assert(
      fc.property(fc.array(studentArbitrary, { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), (students, pageSize) => {
        const assessments = students.map((student) => assessStudent(student, DEFAULT_THRESHOLDS, AS_OF));
        const all = watchListOf(assessments);
        expect(all.length).toBe(assessments.filter((assessment) => assessment.findings.some((finding) => finding.flagged)).length);
        const pages = Array.from({ length: Math.ceil(all.length / pageSize) + 1 }, (_, index) => watchListPage(assessments, { page: index + 1, pageSize }));
        expect(pages.flatMap((page) => page.students)).toEqual(all);
        for (const indicator of ['attendance', 'behaviour', 'course-performance'] as const) {
          for (const entry of watchListOf(assessments, indicator)) expect(entry.flags).toContain(indicator);
        }
        const csvLines = watchListCsv(all).split('\r\n');
        expect(csvLines).toHaveLength(all.length + 2);
      }),
    );
  });
});

describe('weekdays', () => {
  it('count Monday to Friday, both ends inclusive', () => {
    expect(weekdaysBetween('2026-11-30', '2026-12-04')).toBe(5);
    expect(weekdaysBetween('2026-11-28', '2026-12-06')).toBe(5);
    expect(weekdaysBetween('2026-12-05', '2026-12-04')).toBe(0);
    fc.assert(
      fc.property(dayArbitrary, dayArbitrary, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        let count = 0;
        for (let day = Date.parse(from); day <= Date.parse(to); day += 86_400_000) if (![0, 6].includes(new Date(day).getUTCDay())) count++;
        expect(weekdaysBetween(from, to)).toBe(count);
      }),
    );
  });
});

describe('weekdays before a day', () => {
  it('go back from the day before, skipping weekends, latest first', () => {
    // 2026-11-18 is a Wednesday.
    expect(weekdaysBefore('2026-11-18', 4)).toEqual(['2026-11-17', '2026-11-16', '2026-11-13', '2026-11-12']);
  });
  it('stop at the first day of the school year: early in July there are few or none', () => {
    expect(weekdaysBefore('2027-07-06', 12)).toEqual(['2027-07-05', '2027-07-02', '2027-07-01']);
    expect(weekdaysBefore('2027-07-01', 12)).toEqual([]);
  });
});
