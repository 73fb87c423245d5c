import { protectPublicTable, type PublishedCell } from '@lantern/disclosure-control';
import {
  DEFAULT_SGP_MINIMUM_COHORT,
  DIPLOMA_TYPES,
  SUBJECT_CODES,
  afterHighSchool,
  cellKey,
  chronicAbsence,
  countsAsAbsent,
  dayOfYear,
  emptyGroupColumns,
  enrolledInstructionalDays,
  graduationRates,
  growthPercentiles,
  perPupilExpenditures,
  planProgress,
  publicTableOf,
  quarterIndex,
  residualGain,
  type Expenditure,
  type GroupColumns,
  type IndicatorValue,
  type PlanGoal,
  type SchoolDirectory,
  type SchoolEnrolment,
  type StudentGroup,
  type Subject,
} from '@lantern/outcomes';
import { OutcomeFacts, RecordsReadModel, SCHOOL_EXPENDITURE_CONTRACT, SCHOOL_PLAN_CONTRACT } from '@lantern/records';
import type { DataSource } from 'typeorm';
import { attendanceCategoryCode, diplomaTypeCode, exitTypeCode, gradeCode, groupFlagsOf, isInstructionalDay, raceCode, sexCode } from './edfi-codes';
import { GrowableColumns } from './growable-columns';
import { INDICATORS } from './indicator-catalogue';
import { type ComputedRun, type StoredPlanGoal, IndicatorStore, type StoredValue } from './indicator-store';

export interface OutcomesJobOptions {
  /** The state's summative assessments by assessmentIdentifier (outcomes.md §1: only these feed growth). */
  assessmentSubjects?: Readonly<Record<string, Subject>>;
  /** The state's minimum n for public values (design rule 10). */
  minimumN?: number;
  /** The smallest grade × subject cohort given SGPs (LANTERN_SGP_MINIMUM_COHORT); recorded with the run and part of its results. */
  sgpMinimumCohort?: number;
}

export const DEFAULT_ASSESSMENT_SUBJECTS: Readonly<Record<string, Subject>> = { 'STATE-ELA': 'ela', 'STATE-MATH': 'math' };

export interface OutcomesRunResult {
  runId: string;
  /** True when a run of the same school year already held exactly these results: nothing was stored. */
  unchanged: boolean;
  schoolYear: number;
  students: number;
  values: number;
  published: number;
  suppressed: number;
}

const DEFINITIONS = new Map(INDICATORS.map((definition) => [definition.id, definition]));

/**
 * The outcomes job (issue 14): reads one consistent snapshot of the hub (a REPEATABLE READ
 * transaction), streams the facts each indicator needs into typed columns, computes every
 * indicator of a school year with libs/outcomes, protects each indicator's table with public
 * disclosure control, and stores values and their counts. Computing the same snapshot again
 * stores nothing (the store keys runs by their results' fingerprint).
 */
export class OutcomesJob {
  private readonly store: IndicatorStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: OutcomesJobOptions = {},
    private readonly log: (message: string, counts?: Record<string, number>) => void = () => undefined,
  ) {
    this.store = new IndicatorStore(dataSource);
  }

  async run(schoolYear: number): Promise<OutcomesRunResult> {
    const computed = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      // Sorts and hashes over the whole state stay in memory; every cursor is read to its end, so plan for the whole result, not its first rows.
      await manager.query(`SET LOCAL work_mem = '256MB'`);
      await manager.query(`SET LOCAL cursor_tuple_fraction = 1.0`);
      return this.compute(new OutcomeFacts(manager), new RecordsReadModel(manager), schoolYear);
    });
    const stored = await this.store.saveRun(computed);
    this.log(stored.unchanged ? 'outcomes run unchanged: the same results are already stored' : 'outcomes run stored', { runId: Number(stored.runId), schoolYear });
    return { runId: stored.runId, unchanged: stored.unchanged, schoolYear, students: computed.students, values: computed.values.length, ...computed.counts };
  }

  private async compute(facts: OutcomeFacts, records: RecordsReadModel, schoolYear: number): Promise<ComputedRun> {
    const snapshot = await facts.snapshot();
    const students = await facts.numberPeople();
    const directory = directoryOf(await records.schoolDistricts());
    const schoolIndex = new Map(directory.schoolIds.map((id, index) => [id, index]));
    const yearStart = dayOfYear(schoolYear - 1, '07-01');
    const yearEnd = dayOfYear(schoolYear, '06-30');
    const sgpMinimumCohort = this.options.sgpMinimumCohort ?? DEFAULT_SGP_MINIMUM_COHORT;
    // The setting that decides which cohorts get SGPs is recorded among the run's inputs (and so in its fingerprint).
    const inputs: Record<string, number> = { sgpMinimumCohort };
    const step = (name: string, counts: Record<string, number>) => {
      Object.assign(inputs, counts);
      this.log(`outcomes: ${name}`, counts);
    };

    const groups = await this.groupsOf(facts, students, yearStart, yearEnd);
    step('student groups read', { students });

    const enrolmentColumns = new GrowableColumns({
      student: Int32Array,
      school: Int32Array,
      entryDay: Int32Array,
      entryGrade: Int8Array,
      exitDay: Int32Array,
      exitType: Uint8Array,
      exitDocumented: Uint8Array,
    });
    let enrolmentsAtUnknownSchools = 0;
    await facts.enrolments((row) => {
      const school = schoolIndex.get(row.schoolId);
      if (school === undefined) return void enrolmentsAtUnknownSchools++;
      enrolmentColumns.push({
        student: row.student,
        school,
        entryDay: row.entryDay,
        entryGrade: gradeCode(row.entryGrade),
        exitDay: row.exitDay ?? -1,
        exitType: exitTypeCode(row.exitType),
        exitDocumented: row.exitDocumented ? 1 : 0,
      });
    });
    const enrolments = enrolmentColumns.columns();
    step('enrolments read', { enrolments: enrolments.student.length, enrolmentsAtUnknownSchools });

    const diplomaColumns = new GrowableColumns({ student: Int32Array, awardDay: Int32Array, diplomaType: Uint8Array });
    await facts.diplomas((row) => diplomaColumns.push({ student: row.student, awardDay: row.awardDay, diplomaType: diplomaTypeCode(row.diplomaType) }));
    const diplomas = diplomaColumns.columns();
    step('diplomas read', { diplomas: diplomas.student.length });

    const values: IndicatorValue[] = [];
    append(
      values,
      graduationRates(enrolments, diplomas, groups, directory, { cohortYear: schoolYear - 3 }).filter(({ indicator }) => indicator === 'graduation-4-year'),
    );
    append(
      values,
      graduationRates(enrolments, diplomas, groups, directory, { cohortYear: schoolYear - 4 }).filter(({ indicator }) => indicator === 'graduation-5-year'),
    );

    const subjects = this.options.assessmentSubjects ?? DEFAULT_ASSESSMENT_SUBJECTS;
    const scoreColumns = new GrowableColumns({ student: Int32Array, school: Int32Array, schoolYear: Int16Array, grade: Int8Array, subject: Uint8Array, scaleScore: Float64Array });
    let scoresAtUnknownSchools = 0;
    await facts.scaleScores(Object.keys(subjects), schoolYear - 2, schoolYear, (row) => {
      const school = row.schoolId === null ? undefined : schoolIndex.get(row.schoolId);
      if (school === undefined) return void scoresAtUnknownSchools++;
      scoreColumns.push({
        student: row.student,
        school,
        schoolYear: row.schoolYear,
        grade: gradeCode(row.grade),
        subject: SUBJECT_CODES[subjects[row.assessment]],
        scaleScore: row.scaleScore,
      });
    });
    const scores = scoreColumns.columns();
    step('scale scores read', { scaleScores: scores.student.length, scoresAtUnknownSchools });
    append(values, residualGain(scores, groups, directory, { schoolYear }).values);
    append(values, growthPercentiles(scores, groups, directory, { schoolYear, minimumCohort: sgpMinimumCohort }).values);

    append(values, await this.chronicAbsence(facts, enrolments, groups, directory, schoolIndex, schoolYear, step));
    append(values, await this.afterHighSchool(facts, enrolments, diplomas, groups, directory, yearStart, yearEnd, step));
    append(values, await this.perPupil(facts, enrolments, directory, schoolYear, step));

    const published = protect(values, directory, this.options.minimumN);
    const goals = await this.planGoals(facts, schoolYear, values, published);
    step('plan goals read', { planGoals: goals.length });
    const stored: StoredValue[] = values.filter((value) => published.has(cellKeyOf(value))).map((value) => ({ value, published: published.get(cellKeyOf(value))! }));
    const suppressed = stored.filter(({ published: cell }) => cell.reason !== undefined && cell.reason !== 'top-coded' && cell.reason !== 'bottom-coded').length;
    return {
      schoolYear,
      snapshotAt: snapshot.at,
      recordsThrough: snapshot.recordsThrough,
      students,
      inputs,
      values: stored,
      goals,
      counts: { published: stored.length - suppressed, suppressed },
    };
  }

  /** Sex, race/ethnicity and flags for the school year: characteristics from the current associations, flags also from programs overlapping the year. */
  private async groupsOf(facts: OutcomeFacts, students: number, yearStart: number, yearEnd: number): Promise<GroupColumns> {
    const groups = emptyGroupColumns(students);
    await facts.studentCharacteristics((row) => {
      groups.sex[row.student] = sexCode(row.sex);
      groups.race[row.student] = raceCode(row.hispanic, row.races);
      for (const characteristic of row.characteristics ?? []) groups.flags[row.student] |= groupFlagsOf(characteristic);
    });
    await facts.programs(yearStart, yearEnd, (row) => {
      groups.flags[row.student] |= groupFlagsOf(row.programType);
    });
    return groups;
  }

  /** Per student and school of the year: instructional days enrolled (the school's calendar) and days absent. */
  private async chronicAbsence(
    facts: OutcomeFacts,
    enrolments: EnrolmentColumns,
    groups: GroupColumns,
    directory: SchoolDirectory,
    schoolIndex: ReadonlyMap<string, number>,
    schoolYear: number,
    step: (name: string, counts: Record<string, number>) => void,
  ): Promise<IndicatorValue[]> {
    const calendarDays = directory.schoolIds.map((): number[] => []);
    await facts.calendarDates(schoolYear, (row) => {
      const school = schoolIndex.get(row.schoolId);
      if (school !== undefined && isInstructionalDay(row.events)) calendarDays[school].push(row.day);
    });
    const calendars = calendarDays.map((days) => Int32Array.from(days).sort());
    const yearStart = dayOfYear(schoolYear - 1, '07-01');
    const yearEnd = dayOfYear(schoolYear, '06-30');
    // One row per student and school of the year: enrolled days summed over the school's enrolments, the grade of the latest.
    const rowOf = new Map<number, number>();
    const days = new GrowableColumns({ student: Int32Array, school: Int32Array, grade: Int8Array, daysEnrolled: Int32Array, daysAbsent: Float64Array });
    const rows: Array<{ student: number; school: number; grade: number; enrolled: number; entry: number }> = [];
    let enrolmentsWithoutCalendar = 0;
    for (let row = 0; row < enrolments.student.length; row++) {
      const entry = enrolments.entryDay[row];
      const exit = enrolments.exitDay[row];
      if (entry > yearEnd || (exit !== -1 && exit < yearStart)) continue;
      const school = enrolments.school[row];
      if (calendars[school].length === 0) {
        enrolmentsWithoutCalendar++;
        continue;
      }
      const enrolled = enrolledInstructionalDays(calendars[school], Math.max(entry, yearStart), exit === -1 ? yearEnd : Math.min(exit, yearEnd));
      const key = enrolments.student[row] * directory.schoolIds.length + school;
      const existing = rowOf.get(key);
      if (existing === undefined) {
        rowOf.set(key, rows.length);
        rows.push({ student: enrolments.student[row], school, grade: enrolments.entryGrade[row], enrolled, entry });
      } else {
        rows[existing].enrolled += enrolled;
        if (entry > rows[existing].entry) Object.assign(rows[existing], { grade: enrolments.entryGrade[row], entry });
      }
    }
    const absent = new Float64Array(rows.length);
    let attendanceRows = 0;
    await facts.attendance(yearStart, yearEnd, (row) => {
      attendanceRows++;
      const school = schoolIndex.get(row.schoolId);
      if (school === undefined || !countsAsAbsent(attendanceCategoryCode(row.category))) return;
      const at = rowOf.get(row.student * directory.schoolIds.length + school);
      if (at !== undefined) absent[at] += row.days;
    });
    rows.forEach((row, index) => days.push({ student: row.student, school: row.school, grade: row.grade, daysEnrolled: row.enrolled, daysAbsent: absent[index] }));
    step('attendance read', { attendanceRows, attendanceStudentSchools: rows.length, enrolmentsWithoutCalendar });
    return chronicAbsence(days.columns(), groups, directory);
  }

  /** The year's regular-diploma graduates of each high school (their last school by the award), and what followed. */
  private async afterHighSchool(
    facts: OutcomeFacts,
    enrolments: EnrolmentColumns,
    diplomas: DiplomaColumns,
    groups: GroupColumns,
    directory: SchoolDirectory,
    yearStart: number,
    yearEnd: number,
    step: (name: string, counts: Record<string, number>) => void,
  ): Promise<IndicatorValue[]> {
    const graduationDay = new Map<number, number>();
    for (let row = 0; row < diplomas.student.length; row++) {
      const type = diplomas.diplomaType[row];
      const day = diplomas.awardDay[row];
      if ((type !== DIPLOMA_TYPES.regular && type !== DIPLOMA_TYPES.stateDefinedAlternate) || day < yearStart || day > yearEnd) continue;
      graduationDay.set(diplomas.student[row], Math.min(day, graduationDay.get(diplomas.student[row]) ?? day));
    }
    const lastSchool = new Map<number, { school: number; entry: number }>();
    for (let row = 0; row < enrolments.student.length; row++) {
      const day = graduationDay.get(enrolments.student[row]);
      if (day === undefined || enrolments.entryDay[row] > day) continue;
      const previous = lastSchool.get(enrolments.student[row]);
      if (!previous || enrolments.entryDay[row] >= previous.entry) lastSchool.set(enrolments.student[row], { school: enrolments.school[row], entry: enrolments.entryDay[row] });
    }
    const graduates = new GrowableColumns({ student: Int32Array, school: Int32Array, exitDay: Int32Array });
    for (const [student, { school }] of lastSchool) graduates.push({ student, school, exitDay: graduationDay.get(student)! });

    const spells = new GrowableColumns({ student: Int32Array, beginDay: Int32Array, endDay: Int32Array });
    let postsecondaryDay = 0;
    await facts.postsecondaryEnrolments((row) => {
      spells.push(row);
      postsecondaryDay = Math.max(postsecondaryDay, row.endDay);
    });
    const awards = new GrowableColumns({ student: Int32Array, awardDay: Int32Array });
    let credentialDay = 0;
    await facts.postsecondaryCredentials((row) => {
      awards.push(row);
      credentialDay = Math.max(credentialDay, row.awardDay);
    });
    const wages = new GrowableColumns({ student: Int32Array, quarter: Int32Array, wages: Float64Array });
    let wageQuarter = 0;
    await facts.wages((row) => {
      const quarter = quarterIndex(row.year, row.quarter as 1 | 2 | 3 | 4);
      wages.push({ student: row.student, quarter, wages: row.wages });
      wageQuarter = Math.max(wageQuarter, quarter);
    });
    step('postsecondary and wages read', {
      highSchoolGraduates: graduates.length,
      postsecondaryEnrolments: spells.length,
      postsecondaryCredentials: awards.length,
      studentWageQuarters: wages.length,
    });
    // Each source reaches as far as its latest record: outcomes past it cannot be known yet.
    return afterHighSchool(graduates.columns(), spells.columns(), awards.columns(), wages.columns(), groups, directory, {
      observedThrough: { postsecondaryDay, credentialDay, wageQuarter },
    });
  }

  /** ESSA per-pupil expenditure of the school year's fiscal year, over October membership. */
  private async perPupil(facts: OutcomeFacts, enrolments: EnrolmentColumns, directory: SchoolDirectory, schoolYear: number, step: (name: string, counts: Record<string, number>) => void) {
    const expenditures = (await facts.organisationRecords(SCHOOL_EXPENDITURE_CONTRACT)).map(expenditureOf).filter(({ fiscalYear }) => fiscalYear === schoolYear);
    const countDay = dayOfYear(schoolYear - 1, '10-01');
    const members = new Map<number, Set<number>>();
    for (let row = 0; row < enrolments.student.length; row++) {
      if (enrolments.entryDay[row] > countDay || (enrolments.exitDay[row] !== -1 && enrolments.exitDay[row] < countDay)) continue;
      const school = enrolments.school[row];
      (members.get(school) ?? members.set(school, new Set()).get(school)!).add(enrolments.student[row]);
    }
    const membership: SchoolEnrolment[] = [...members].map(([school, students]) => ({
      schoolId: directory.schoolIds[school],
      districtId: directory.districtIds[directory.districtOfSchool[school]],
      students: students.size,
    }));
    step('expenditures read', { expenditures: expenditures.length, octoberMembership: membership.reduce((sum, school) => sum + school.students, 0) });
    return expenditures.length === 0 ? [] : perPupilExpenditures(expenditures, membership);
  }

  /** Each school plan goal's progress, from published values only: this run's for the year, released runs' for earlier years. */
  private async planGoals(facts: OutcomeFacts, schoolYear: number, values: readonly IndicatorValue[], published: ReadonlyMap<string, PublishedCell>): Promise<StoredPlanGoal[]> {
    // A school's plan for this school year: each school has one a year, with goal ids of its own.
    const plans = (await facts.organisationRecords(SCHOOL_PLAN_CONTRACT)).filter((record) => (record as unknown as SchoolPlanRecord).schoolYearTypeReference.schoolYear === schoolYear);
    const goals = plans.flatMap(planGoalsOf);
    if (goals.length === 0) return [];
    const earlier = await this.store.releasedSchoolValues(
      goals.map((goal) => goal.schoolId),
      schoolYear,
    );
    const current = new Map(values.filter(({ level }) => level === 'school').map((value) => [`${value.entity}/${value.indicator}/${value.group}`, published.get(cellKeyOf(value))]));
    return planProgress(goals, (schoolId, indicator, group) => {
      const cell = current.get(`${schoolId}/${indicator}/${group}`);
      const now = cell === undefined ? [] : [typeof cell.value === 'number' ? { schoolYear, value: cell.value } : { schoolYear, withheld: true as const }];
      return [...(earlier.get(`${schoolId}/${indicator}/${group}`) ?? []), ...now];
    });
  }
}

type EnrolmentColumns = ReturnType<
  GrowableColumns<{
    student: typeof Int32Array;
    school: typeof Int32Array;
    entryDay: typeof Int32Array;
    entryGrade: typeof Int8Array;
    exitDay: typeof Int32Array;
    exitType: typeof Uint8Array;
    exitDocumented: typeof Uint8Array;
  }>['columns']
>;
type DiplomaColumns = ReturnType<GrowableColumns<{ student: typeof Int32Array; awardDay: typeof Int32Array; diplomaType: typeof Uint8Array }>['columns']>;

/** Appends in a loop: spreading a state's worth of values into push() overflows the call stack. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

const cellKeyOf = (value: IndicatorValue) => `${value.indicator}:${cellKey(value)}`;

/** Schools that name their district, in id order; a school without one is left out (its facts are counted as at an unknown school). */
function directoryOf(schoolDistricts: ReadonlyMap<string, string | null>): SchoolDirectory {
  const schools = [...schoolDistricts].filter((entry): entry is [string, string] => entry[1] !== null).sort(([a], [b]) => a.localeCompare(b));
  const districtIds = [...new Set(schools.map(([, district]) => district))].sort();
  const districtIndex = new Map(districtIds.map((id, index) => [id, index]));
  return { schoolIds: schools.map(([school]) => school), districtIds, districtOfSchool: Int32Array.from(schools.map(([, district]) => districtIndex.get(district)!)) };
}

/** Every indicator's table through public disclosure control: each value's published form, by indicator and cell. */
function protect(values: readonly IndicatorValue[], directory: SchoolDirectory, minimumN: number | undefined): Map<string, PublishedCell> {
  const byIndicator = new Map<string, IndicatorValue[]>();
  for (const value of values) (byIndicator.get(value.indicator) ?? byIndicator.set(value.indicator, []).get(value.indicator)!).push(value);
  const published = new Map<string, PublishedCell>();
  for (const [indicator, indicatorValues] of byIndicator) {
    const definition = DEFINITIONS.get(indicator);
    if (!definition) throw new Error(`libs/outcomes computed an indicator the catalogue does not describe: ${indicator}`);
    const table = protectPublicTable(publicTableOf(definition.title, indicatorValues, directory, { schoolsAddUp: definition.schoolsAddUp }), minimumN === undefined ? {} : { minimumN });
    for (const cell of table.cells) published.set(`${indicator}:${cell.key}`, cell);
  }
  return published;
}

interface ExpenditureRecord {
  educationOrganizationReference: { educationOrganizationId: number };
  localEducationAgencyReference: { localEducationAgencyId: number };
  fiscalYear: number;
  fundSource: Expenditure['fundSource'];
  category: Expenditure['category'];
  amount: number;
}

/** A hub.schoolExpenditure record (contracts/k12/school-expenditure, ADR 0021): a line of the district's own central costs when its organisation is the district. */
function expenditureOf(record: Record<string, unknown>): Expenditure & { fiscalYear: number } {
  const { educationOrganizationReference, localEducationAgencyReference, fiscalYear, fundSource, category, amount } = record as unknown as ExpenditureRecord;
  const districtId = String(localEducationAgencyReference.localEducationAgencyId);
  const organisationId = String(educationOrganizationReference.educationOrganizationId);
  return { districtId, ...(organisationId === districtId ? {} : { schoolId: organisationId }), fundSource, category, amount, fiscalYear };
}

interface SchoolPlanRecord {
  schoolReference: { schoolId: number };
  schoolYearTypeReference: { schoolYear: number };
  goals: Array<{
    goalIdentifier: string;
    indicator: string;
    studentGroup?: StudentGroup;
    baseline: { schoolYear: number; value: number };
    target: { schoolYear: number; value: number };
    direction: PlanGoal['direction'];
  }>;
}

/** The goals of a hub.schoolPlan record (contracts/k12/school-plan): indicator and group are enumerations the contract checked at ingest. */
function planGoalsOf(record: Record<string, unknown>): PlanGoal[] {
  const { schoolReference, goals } = record as unknown as SchoolPlanRecord;
  return goals.map((goal) => ({
    schoolId: String(schoolReference.schoolId),
    goalId: goal.goalIdentifier,
    indicator: goal.indicator,
    group: goal.studentGroup ?? 'all',
    baseline: goal.baseline,
    target: goal.target,
    direction: goal.direction,
  }));
}
