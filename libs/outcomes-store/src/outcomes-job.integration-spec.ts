import { DIPLOMA_TYPES, EXIT_TYPES, RACE_CODES, dayNumber, emptyGroupColumns, graduationRates } from '@lantern/outcomes';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';
import { IndicatorStore } from './indicator-store';
import { OutcomesJob } from './outcomes-job';
import { fixture, storeOutcomeFixture, type FixtureRecord } from './testing/outcome-fixtures';

const HIGH_SCHOOL = 100001;
const OTHER_SCHOOL = 200001;

/**
 * The 2022 cohort of one high school (the 4-year rate of school year 2025): twelve first-time 9th
 * graders who graduate, three who drop out, one transfer in (first enrolled in 10th grade) who
 * graduates, one documented transfer out (removed) and one undocumented (stays in as a
 * non-graduate). Three of them are Asian: a group below the minimum n.
 */
interface CohortStudent {
  id: string;
  entry: string;
  grade: string;
  exit?: { date: string; type: string; documented?: boolean };
  diploma?: string;
  race: string;
}
const COHORT: CohortStudent[] = [
  ...Array.from({ length: 12 }, (_, index) => ({
    id: `G${String(index + 1).padStart(2, '0')}`,
    entry: '2021-08-20',
    grade: 'Ninth grade',
    exit: { date: '2025-05-30', type: 'Graduated' },
    diploma: '2025-05-30',
    race: index < 3 ? 'Asian' : 'White',
  })),
  ...['D01', 'D02', 'D03'].map((id) => ({ id, entry: '2021-08-20', grade: 'Ninth grade', exit: { date: '2023-03-01', type: 'Dropped out' }, race: 'White' })),
  { id: 'T01', entry: '2022-09-01', grade: 'Tenth grade', exit: { date: '2025-05-30', type: 'Graduated' }, diploma: '2025-05-30', race: 'White' },
  { id: 'X01', entry: '2021-08-20', grade: 'Ninth grade', exit: { date: '2023-01-15', type: 'Transferred', documented: true }, race: 'White' },
  { id: 'U01', entry: '2021-08-20', grade: 'Ninth grade', exit: { date: '2023-01-15', type: 'Transferred' }, race: 'White' },
];

const PLAN_GOAL = {
  goalIdentifier: 'grad-2026',
  statement: 'Raise the graduation rate',
  indicator: 'graduation-4-year',
  studentGroup: 'all',
  baseline: { schoolYear: 2023, value: 0.6 },
  target: { schoolYear: 2026, value: 0.9 },
  direction: 'increase',
};

/** Forty instructional days (weekdays from Monday 2 September 2024) at the other school. */
const CALENDAR = Array.from({ length: 56 }, (_, offset) => new Date(Date.UTC(2024, 8, 2 + offset)))
  .filter((day) => day.getUTCDay() >= 1 && day.getUTCDay() <= 5)
  .slice(0, 40)
  .map((day) => day.toISOString().slice(0, 10));

/**
 * Chronic absence at the other school in 2025: A01 enrolled 31 instructional days and absent 4
 * (chronic: ≥ 10 %), B01 enrolled 30 days (below the 31-day minimum), C01 enrolled all 40 days and
 * absent 3, plus 2 days of in-school suspension, which is not an absence (not chronic).
 */
function attendanceRecords(): FixtureRecord[] {
  const absences = (student: string, days: string[], category = 'Excused Absence') => days.map((day) => fixture.attendance(student, OTHER_SCHOOL, day, category));
  return [
    ...CALENDAR.map((day) => fixture.calendarDay(OTHER_SCHOOL, day)),
    fixture.enrolment('A01', OTHER_SCHOOL, CALENDAR[0], 'Fifth grade', { date: CALENDAR[30], type: 'Transferred' }),
    fixture.enrolment('B01', OTHER_SCHOOL, CALENDAR[0], 'Fifth grade', { date: CALENDAR[29], type: 'Transferred' }),
    fixture.enrolment('C01', OTHER_SCHOOL, '2024-08-20', 'Fifth grade'),
    ...absences('A01', CALENDAR.slice(1, 5)),
    ...absences('B01', CALENDAR.slice(1, 9)),
    ...absences('C01', CALENDAR.slice(1, 4)),
    ...absences('C01', CALENDAR.slice(10, 12), 'In-school suspension'),
  ];
}

function records(): FixtureRecord[] {
  return [
    fixture.school(HIGH_SCHOOL, 100),
    fixture.school(OTHER_SCHOOL, 200),
    ...COHORT.flatMap((student) => [
      fixture.enrolment(student.id, HIGH_SCHOOL, student.entry, student.grade, student.exit),
      fixture.race(student.id, 100, student.race),
      ...(student.diploma ? [fixture.diploma(student.id, HIGH_SCHOOL, student.diploma)] : []),
    ]),
    fixture.schoolPlan(HIGH_SCHOOL, [PLAN_GOAL]),
    // Next year's plan keeps the goal: a run tracks only its own year's plan.
    fixture.schoolPlan(HIGH_SCHOOL, [PLAN_GOAL], 2026),
    ...attendanceRecords(),
  ];
}

/** libs/outcomes' own answer for the same cohort, from columns built by hand. */
function expectedGraduation() {
  const students = [...COHORT].sort((a, b) => a.id.localeCompare(b.id));
  const exitCode: Record<string, number> = { Graduated: EXIT_TYPES.graduated, 'Dropped out': EXIT_TYPES.droppedOut, Transferred: EXIT_TYPES.transferredToDiplomaProgram };
  const groups = emptyGroupColumns(students.length);
  students.forEach((student, index) => (groups.race[index] = student.race === 'Asian' ? RACE_CODES.asian : RACE_CODES.white));
  const diplomas = students.flatMap((student, index) => (student.diploma ? [index] : []));
  return graduationRates(
    {
      student: Int32Array.from(students.keys()),
      school: new Int32Array(students.length),
      entryDay: Int32Array.from(students.map((student) => dayNumber(student.entry))),
      entryGrade: Int8Array.from(students.map((student) => (student.grade === 'Ninth grade' ? 9 : 10))),
      exitDay: Int32Array.from(students.map((student) => (student.exit ? dayNumber(student.exit.date) : -1))),
      exitType: Uint8Array.from(students.map((student) => (student.exit ? exitCode[student.exit.type] : EXIT_TYPES.none))),
      exitDocumented: Uint8Array.from(students.map((student) => (student.exit?.documented ? 1 : 0))),
    },
    {
      student: Int32Array.from(diplomas),
      awardDay: Int32Array.from(diplomas.map((index) => dayNumber(students[index].diploma!))),
      diplomaType: new Uint8Array(diplomas.length).fill(DIPLOMA_TYPES.regular),
    },
    groups,
    { schoolIds: [String(HIGH_SCHOOL), String(OTHER_SCHOOL)], districtIds: ['100', '200'], districtOfSchool: Int32Array.from([0, 1]) },
    { cohortYear: 2022 },
  ).filter(({ indicator }) => indicator === 'graduation-4-year');
}

describe('the outcomes job (real PostgreSQL)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  const valuesOf = (runId: string): Promise<Array<Record<string, unknown>>> =>
    dataSource.query(
      `SELECT indicator, level, organisation_id, student_group, value, numerator, n, input_counts, published_n, published_value, coded, reason FROM outcome_value WHERE run_id = $1 ORDER BY indicator, level, organisation_id, student_group`,
      [runId],
    );

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    await storeOutcomeFixture(dataSource, records());
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("stores the 4-year graduation rate of a cohort with transfers exactly as libs/outcomes computes it, with the inputs' counts", async () => {
    const result = await new OutcomesJob(dataSource).run(2025);
    expect(result.unchanged).toBe(false);
    const stored = (await valuesOf(result.runId)).filter((row) => row.indicator === 'graduation-4-year');
    const expected = expectedGraduation().filter((value) => value.group !== 'sex:not-reported' && value.group !== 'race:not-reported');
    const sorted = (rows: unknown[][]) => rows.sort((a, b) => JSON.stringify(a.slice(0, 3)).localeCompare(JSON.stringify(b.slice(0, 3))));
    expect(sorted(stored.map((row) => [row.level, row.organisation_id, row.student_group, row.n, row.numerator, row.value, row.input_counts]))).toEqual(
      sorted(expected.map((value) => [value.level, value.entity, value.group, value.denominator, value.numerator, value.value, value.inputs])),
    );
    const school = stored.find((row) => row.level === 'school' && row.student_group === 'all')!;
    expect(school).toMatchObject({ n: 17, numerator: 13, published_n: 17, reason: null });
    expect(school.published_value).toBeCloseTo(13 / 17, 12);
    expect(school.input_counts).toMatchObject({ transfersIn: 1, removed: 1, undocumentedExits: 1 });
    expect(expected.length).toBeGreaterThan(0);
  });

  it('withholds the three-student group with its reason, and publishes neither its n nor its value', async () => {
    const { runId } = await new OutcomesJob(dataSource).run(2025);
    const asian = (await valuesOf(runId)).find((row) => row.indicator === 'graduation-4-year' && row.level === 'school' && row.student_group === 'race:asian')!;
    expect(asian).toMatchObject({ n: 3, published_n: null, published_value: null, coded: null, reason: 'below-minimum-n' });
  });

  it("gives the school plan's goal its status from the published value of the year", async () => {
    const { runId } = await new OutcomesJob(dataSource).run(2025);
    const goals: Array<{ goal_id: string; status: string; latest: { schoolYear: number; value: number } }> = await dataSource.query(
      `SELECT goal_id, status, latest FROM outcome_plan_goal WHERE run_id = $1`,
      [runId],
    );
    expect(goals).toHaveLength(1);
    const [goal] = goals;
    // 13/17 ≈ 0.765 in 2025, short of the line from 0.6 (2023) to 0.9 (2026), which is 0.8 in 2025.
    expect(goal).toMatchObject({ goal_id: 'grad-2026', status: 'behind', latest: { schoolYear: 2025 } });
    expect(goal.latest.value).toBeCloseTo(13 / 17, 12);
  });

  it("counts chronic absence from the school's calendar: enrolled instructional days, absences that count, the 31-day minimum", async () => {
    const { runId } = await new OutcomesJob(dataSource).run(2025);
    const school = (await valuesOf(runId)).find((row) => row.indicator === 'chronic-absenteeism' && row.level === 'school' && row.student_group === 'all');
    expect(school).toMatchObject({ organisation_id: String(OTHER_SCHOOL), n: 2, numerator: 1, value: 0.5, input_counts: { students: 2, chronicallyAbsent: 1, belowMinimumDays: 1 } });
    // Two students: below the minimum n, so the public sees neither n nor value.
    expect(school).toMatchObject({ published_n: null, published_value: null, reason: 'below-minimum-n' });
  });

  it('stores nothing new when the same snapshot is computed again, and a new run when the records change', async () => {
    const first = await new OutcomesJob(dataSource).run(2025);
    const runs = async () => (await dataSource.query(`SELECT count(*)::int AS runs FROM outcome_run`))[0].runs;
    const before = await runs();
    const again = await new OutcomesJob(dataSource).run(2025);
    expect(again).toMatchObject({ runId: first.runId, unchanged: true });
    expect(await runs()).toBe(before);

    await storeOutcomeFixture(dataSource, [fixture.diploma('D01', HIGH_SCHOOL, '2025-08-01')]);
    const changed = await new OutcomesJob(dataSource).run(2025);
    expect(changed.unchanged).toBe(false);
    expect(changed.runId).not.toBe(first.runId);
    const school = (await valuesOf(changed.runId)).find((row) => row.indicator === 'graduation-4-year' && row.level === 'school' && row.student_group === 'all');
    expect(school).toMatchObject({ n: 17, numerator: 14 });
  });

  it('records the SGP cohort minimum with the run, 500 unless set, and makes a run under another minimum another run', async () => {
    const byDefault = await new OutcomesJob(dataSource).run(2025);
    const again = await new OutcomesJob(dataSource, { sgpMinimumCohort: 500 }).run(2025);
    expect(again).toMatchObject({ runId: byDefault.runId, unchanged: true });
    // No cohort here lies between 300 and 500, so every value is the same; the run is not.
    const lower = await new OutcomesJob(dataSource, { sgpMinimumCohort: 300 }).run(2025);
    expect(lower.unchanged).toBe(false);
    expect(lower.runId).not.toBe(byDefault.runId);
    const inputsOf = async (runId: string) => (await new IndicatorStore(dataSource).runs(2025)).find((run) => run.runId === runId)!.inputs;
    expect(await inputsOf(byDefault.runId)).toMatchObject({ sgpMinimumCohort: 500 });
    expect(await inputsOf(lower.runId)).toMatchObject({ sgpMinimumCohort: 300 });
  });
});
