import { ContractRegistry, type Envelope, parseMessage } from '@lantern/contracts';
import { assessStudent, DEFAULT_THRESHOLDS, flagsOf, type Indicator, INDICATORS, type IsoDate, schoolYearOf, schoolYearStart, type StudentRecords } from '@lantern/early-warning';
import { cohortOf, demoCurrentYear } from './demo-current-year';

const SEED = 2026;
const DEMO_SCHOOL = '255901001';
const registry = ContractRegistry.default();
const generate = (today: IsoDate) => demoCurrentYear(today, SEED, (contract) => registry.contract(contract).version);

type Record_ = Record<string, unknown> & {
  studentReference?: { studentUniqueId: string };
  studentSectionAssociationReference?: { studentUniqueId: string };
  exitWithdrawDate?: string;
};
const record = (envelope: Envelope) => envelope.record as Record_;
const studentOf = (envelope: Envelope) =>
  String(record(envelope).studentUniqueId ?? record(envelope).studentReference?.studentUniqueId ?? record(envelope).studentSectionAssociationReference?.studentUniqueId);

/** Each student's records as the watch list's store reads them: their current enrolment and the records of the ABC contracts. */
function studentRecords(envelopes: readonly Envelope[], schoolYear: number): StudentRecords[] {
  return cohortOf(schoolYear, SEED).map((student) => {
    const own = envelopes.filter((envelope) => studentOf(envelope) === student.studentUniqueId);
    const of = (contract: string) => own.filter((envelope) => envelope.contract === contract).map((envelope) => envelope.record);
    const [enrolment] = of('edfi.studentSchoolAssociation') as Array<{ entryDate: string; exitWithdrawDate?: string }>;
    return {
      sid: student.studentUniqueId,
      studentUniqueId: student.studentUniqueId,
      firstName: student.firstName,
      lastSurname: student.lastSurname,
      schoolId: String(student.school.schoolId),
      enrolment: { entryDate: enrolment.entryDate, exitWithdrawDate: enrolment.exitWithdrawDate ?? null },
      attendanceEvents: of('edfi.studentSchoolAttendanceEvent'),
      disciplineActions: of('edfi.disciplineAction'),
      grades: of('edfi.grade'),
    };
  });
}

/** Every day a record of the current cohort names. */
function daysIn(envelope: Envelope): IsoDate[] {
  const { entryDate, eventDate, disciplineDate, currentGradeAsOfDate } = record(envelope) as Record<string, string | undefined>;
  return [envelope.eventTime.slice(0, 10), entryDate, eventDate, disciplineDate, currentGradeAsOfDate].filter((day): day is IsoDate => day !== undefined);
}

describe('the demo current school year', () => {
  it.each(['2026-07-01', '2026-12-05', '2027-06-30', '2028-02-14'])('sends only envelopes its contracts accept (as of %s)', (today) => {
    for (const envelope of generate(today)) {
      const parsed = parseMessage(Buffer.from(JSON.stringify(envelope)), registry, { maxBytes: 65_536 });
      expect(parsed.kind === 'rejected' ? `${envelope.contract}: ${parsed.stage} ${parsed.errorPath} ${parsed.message}` : 'accepted').toBe('accepted');
    }
  });

  it.each(['2026-07-01', '2026-07-06', '2026-08-25', '2026-12-05', '2027-03-15', '2027-06-30'])(
    'enrols a few dozen students from the first day of the school year, with no exit, and dates nothing outside the year or after %s',
    (today) => {
      const schoolYear = schoolYearOf(today);
      const envelopes = generate(today);
      const enrolments = envelopes.filter((envelope) => envelope.contract === 'edfi.studentSchoolAssociation').map(record);
      expect(enrolments.length).toBeGreaterThanOrEqual(36);
      expect(new Set(enrolments.map((enrolment) => String((enrolment.schoolReference as { schoolId: number }).schoolId)))).toEqual(new Set([DEMO_SCHOOL, '255901002', '255901003']));
      for (const enrolment of enrolments) expect(enrolment).toMatchObject({ entryDate: schoolYearStart(schoolYear), schoolYearTypeReference: { schoolYear } });
      expect(enrolments.filter((enrolment) => enrolment.exitWithdrawDate !== undefined)).toEqual([]);
      for (const day of envelopes.flatMap(daysIn)) {
        expect(day >= schoolYearStart(schoolYear) && day <= today).toBe(true);
      }
      for (const grade of envelopes.filter((envelope) => envelope.contract === 'edfi.grade').map(record)) {
        expect(grade.gradingPeriodReference).toMatchObject({ schoolYear });
      }
    },
  );

  it('has no absences, discipline or grades before the first school day', () => {
    expect(new Set(generate('2026-08-10').map((envelope) => envelope.contract))).toEqual(new Set(['edfi.student', 'edfi.studentSchoolAssociation']));
  });

  it.each(['2026-10-20', '2026-12-05', '2027-03-15', '2027-06-30'])('flags students on each indicator at the demo school, and never an on-track one (as of %s)', (today) => {
    const schoolYear = schoolYearOf(today);
    const profiles = new Map(cohortOf(schoolYear, SEED).map((student) => [student.studentUniqueId, student.profile]));
    const assessed = studentRecords(generate(today), schoolYear).map((student) => ({ student, flags: flagsOf(assessStudent(student, DEFAULT_THRESHOLDS, today)) }));
    const atDemoSchool = assessed.filter(({ student }) => student.schoolId === DEMO_SCHOOL);
    for (const indicator of INDICATORS) expect(atDemoSchool.filter(({ flags }) => flags.includes(indicator)).length).toBeGreaterThan(0);
    const expected: Record<string, Indicator[]> = {
      'chronically-absent': ['attendance'],
      suspended: ['behaviour'],
      referred: ['behaviour'],
      'failing-core': ['course-performance'],
      'absent-and-failing': ['attendance', 'course-performance'],
      'on-track': [],
    };
    for (const { student, flags } of assessed)
      expect({ student: student.studentUniqueId, flags }).toEqual({ student: student.studentUniqueId, flags: expected[profiles.get(student.studentUniqueId)!] });
  });

  it('sends again, unchanged, what an earlier start of the same year sent', () => {
    const key = (envelope: Envelope) => JSON.stringify([envelope.contract, registry.naturalKey(envelope.contract, envelope.record)]);
    const later = new Map(generate('2027-03-15').map((envelope) => [key(envelope), envelope]));
    for (const envelope of generate('2026-12-05')) {
      expect(later.has(key(envelope))).toBe(true);
      // A grade of a period still under way then is its current grade; the period's grade replaces it.
      if (envelope.contract !== 'edfi.grade') expect(later.get(key(envelope))).toEqual(envelope);
    }
  });

  it('closes the enrolments of the earlier cohorts at the end of their year, so only the current one is enrolled', () => {
    const envelopes = generate('2027-09-01');
    const earlier = new Set(cohortOf(2027, SEED).map((student) => student.studentUniqueId));
    const current = new Set(cohortOf(2028, SEED).map((student) => student.studentUniqueId));
    const enrolments = envelopes.filter((envelope) => envelope.contract === 'edfi.studentSchoolAssociation');
    expect(enrolments.filter((envelope) => earlier.has(studentOf(envelope))).map((envelope) => record(envelope).exitWithdrawDate)).toEqual(
      [...earlier].map(() => expect.stringMatching(/^2027-0[56]-/)),
    );
    expect(enrolments.filter((envelope) => record(envelope).exitWithdrawDate === undefined).every((envelope) => current.has(studentOf(envelope)))).toBe(true);
    expect([...earlier].some((id) => current.has(id))).toBe(false);
  });
});
