import { isCurrentRecord, ownPersonJoin, type Queryable } from './records-read-model';

/** Rows fetched per round trip while streaming facts. */
const FETCH_ROWS = 20_000;

/** The hub contracts behind spending and plans (issue 14); a database without their records yields none. */
export const SCHOOL_EXPENDITURE_CONTRACT = 'hub.schoolExpenditure';
export const SCHOOL_PLAN_CONTRACT = 'hub.schoolPlan';
const CALENDAR_DATE_CONTRACT = 'edfi.calendarDate';

/** Days since 1970-01-01 of a date field of `v.record`, as outcomes' day numbers are. */
const dayOf = (path: string) => `((v.record #>> '{${path}}')::date - date '1970-01-01')`;
/** The code value of an Ed-Fi descriptor field (the part after '#'). */
const codeOf = (path: string) => `substr(v.record #>> '{${path}}', strpos(v.record #>> '{${path}}', '#') + 1)`;

export interface StudentCharacteristicsRow {
  student: number;
  sex: string | null;
  hispanic: boolean | null;
  races: string[] | null;
  /** Code values of studentCharacteristics and the names of studentIndicators set to "true". */
  characteristics: string[] | null;
}
export interface ProgramRow {
  student: number;
  programType: string;
}
export interface EnrolmentRow {
  student: number;
  schoolId: string;
  entryDay: number;
  entryGrade: string | null;
  exitDay: number | null;
  exitType: string | null;
  exitDocumented: boolean;
}
export interface DiplomaRow {
  student: number;
  awardDay: number;
  diplomaType: string;
}
export interface ScaleScoreRow {
  student: number;
  schoolId: string | null;
  schoolYear: number;
  grade: string | null;
  assessment: string;
  scaleScore: number;
}
export interface CalendarDateRow {
  schoolId: string;
  day: number;
  events: string[];
}
export interface AbsenceRow {
  student: number;
  schoolId: string;
  category: string;
  days: number;
}
export interface SpellRow {
  student: number;
  beginDay: number;
  endDay: number;
}
export interface AwardRow {
  student: number;
  awardDay: number;
}
export interface WageRow {
  student: number;
  year: number;
  quarter: number;
  wages: number;
}

/**
 * The facts the outcomes job computes indicators from, read set-based from one snapshot: the
 * caller opens a REPEATABLE READ transaction and passes its manager, so every read sees the same
 * database. People are numbered 0 … n − 1 by SID (`numberPeople`), so a fact carries a student
 * index, never an identifier; each record belongs to the SID of its own source's person (the
 * crosswalk rule of the records read model). Rows stream through a cursor, a batch at a time.
 */
export class OutcomeFacts {
  constructor(private readonly transaction: Queryable) {}

  /** Numbers every SID of the crosswalk once (in SID order) for the rest of the transaction; returns how many students. */
  async numberPeople(): Promise<number> {
    await this.transaction.query(
      `CREATE TEMP TABLE outcome_person ON COMMIT DROP AS
       SELECT person.source_system, person.local_id, numbered.student
         FROM crosswalk person
         JOIN (SELECT sid, (row_number() OVER (ORDER BY sid) - 1)::int AS student FROM (SELECT DISTINCT sid FROM crosswalk) sids) numbered ON numbered.sid = person.sid`,
    );
    await this.transaction.query(`CREATE INDEX ON outcome_person (local_id, source_system)`);
    await this.transaction.query(`ANALYZE outcome_person`);
    const [{ students }]: Array<{ students: number }> = await this.transaction.query(`SELECT coalesce(max(student) + 1, 0)::int AS students FROM outcome_person`);
    return students;
  }

  /** The highest record version id this snapshot sees, and its time: what a run was computed from. */
  async snapshot(): Promise<{ recordsThrough: string; at: Date }> {
    const [row]: Array<{ through: string; at: Date }> = await this.transaction.query(`SELECT coalesce(max(id), 0)::text AS through, now() AS at FROM record_version`);
    return { recordsThrough: row.through, at: row.at };
  }

  /** Sex, race/ethnicity and characteristics from each student's current StudentEducationOrganizationAssociations. */
  studentCharacteristics(visit: (row: StudentCharacteristicsRow) => void): Promise<void> {
    return this.stream(
      `SELECT p.student, ${codeOf('sexDescriptor')} AS sex, (v.record ->> 'hispanicLatinoEthnicity')::boolean AS hispanic,
              ARRAY(SELECT substr(race ->> 'raceDescriptor', strpos(race ->> 'raceDescriptor', '#') + 1) FROM jsonb_array_elements(coalesce(v.record -> 'races', '[]')) race) AS races,
              ARRAY(SELECT substr(c ->> 'studentCharacteristicDescriptor', strpos(c ->> 'studentCharacteristicDescriptor', '#') + 1) FROM jsonb_array_elements(coalesce(v.record -> 'studentCharacteristics', '[]')) c
                    UNION ALL
                    SELECT i ->> 'indicatorName' FROM jsonb_array_elements(coalesce(v.record -> 'studentIndicators', '[]')) i WHERE lower(i ->> 'indicator') IN ('true', 'yes')) AS characteristics
         ${this.currentOf('edfi.studentEducationOrganizationAssociation')}`,
      [],
      visit,
    );
  }

  /** Program types of StudentProgramAssociations overlapping the days [fromDay, toDay]. */
  programs(fromDay: number, toDay: number, visit: (row: ProgramRow) => void): Promise<void> {
    return this.stream(
      `SELECT p.student, ${codeOf('programReference,programTypeDescriptor')} AS "programType"
         ${this.currentOf('edfi.studentProgramAssociation')}
          AND ${dayOf('beginDate')} <= $2 AND coalesce(${dayOf('endDate')}, $1) >= $1`,
      [fromDay, toDay],
      visit,
    );
  }

  /** Every current school enrolment (StudentSchoolAssociation) with its entry and exit. */
  enrolments(visit: (row: EnrolmentRow) => void): Promise<void> {
    return this.stream(
      `SELECT p.student, v.record #>> '{schoolReference,schoolId}' AS "schoolId", ${dayOf('entryDate')} AS "entryDay", ${codeOf('entryGradeLevelDescriptor')} AS "entryGrade",
              ${dayOf('exitWithdrawDate')} AS "exitDay", ${codeOf('exitWithdrawTypeDescriptor')} AS "exitType",
              coalesce((v.record ->> 'exitWithdrawDocumented')::boolean, false) AS "exitDocumented"
         ${this.currentOf('edfi.studentSchoolAssociation')}`,
      [],
      visit,
    );
  }

  /** Diplomas and credentials of StudentAcademicRecords. */
  diplomas(visit: (row: DiplomaRow) => void): Promise<void> {
    return this.stream(
      `SELECT p.student, (d ->> 'diplomaAwardDate')::date - date '1970-01-01' AS "awardDay", substr(d ->> 'diplomaTypeDescriptor', strpos(d ->> 'diplomaTypeDescriptor', '#') + 1) AS "diplomaType"
         ${this.currentOf('edfi.studentAcademicRecord', `CROSS JOIN LATERAL jsonb_array_elements(coalesce(v.record -> 'diplomas', '[]')) d`)}`,
      [],
      visit,
    );
  }

  /** Scale scores of the named assessments in school years [fromYear, toYear]. */
  scaleScores(assessments: readonly string[], fromYear: number, toYear: number, visit: (row: ScaleScoreRow) => void): Promise<void> {
    return this.stream(
      `SELECT p.student, v.record #>> '{reportedSchoolReference,schoolId}' AS "schoolId", (v.record #>> '{schoolYearTypeReference,schoolYear}')::int AS "schoolYear",
              ${codeOf('whenAssessedGradeLevelDescriptor')} AS grade, v.record #>> '{assessmentReference,assessmentIdentifier}' AS assessment, (score ->> 'result')::float8 AS "scaleScore"
         ${this.currentOf(
           'edfi.studentAssessment',
           `CROSS JOIN LATERAL (SELECT s FROM jsonb_array_elements(v.record -> 'scoreResults') s
                                 WHERE s ->> 'assessmentReportingMethodDescriptor' LIKE '%#Scale score' AND s ->> 'result' ~ '^-?[0-9]+(\\.[0-9]+)?$' LIMIT 1) scored(score)`,
         )}
          AND v.record #>> '{assessmentReference,assessmentIdentifier}' = ANY($1::text[])
          AND (v.record #>> '{schoolYearTypeReference,schoolYear}')::int BETWEEN $2 AND $3`,
      [assessments, fromYear, toYear],
      visit,
    );
  }

  /** Each school's calendar days of a school year (Ed-Fi CalendarDate) with their event code values. */
  calendarDates(schoolYear: number, visit: (row: CalendarDateRow) => void): Promise<void> {
    return this.stream(
      `SELECT DISTINCT ON (v.record #>> '{calendarReference,schoolId}', v.record ->> 'date')
              v.record #>> '{calendarReference,schoolId}' AS "schoolId", ${dayOf('date')} AS day,
              ARRAY(SELECT substr(e ->> 'calendarEventDescriptor', strpos(e ->> 'calendarEventDescriptor', '#') + 1) FROM jsonb_array_elements(coalesce(v.record -> 'calendarEvents', '[]')) e) AS events
         FROM record_version v
        WHERE v.contract_id = '${CALENDAR_DATE_CONTRACT}' AND ${isCurrentRecord('v')} AND (v.record #>> '{calendarReference,schoolYear}')::int = $1
        ORDER BY v.record #>> '{calendarReference,schoolId}', v.record ->> 'date', v.event_time DESC`,
      [schoolYear],
      visit,
    );
  }

  /** Attendance events of days [fromDay, toDay], summed per student, school and category (days, from eventDuration, 1 when absent). */
  attendance(fromDay: number, toDay: number, visit: (row: AbsenceRow) => void): Promise<void> {
    return this.stream(
      `SELECT p.student, v.record #>> '{schoolReference,schoolId}' AS "schoolId", ${codeOf('attendanceEventCategoryDescriptor')} AS category,
              sum(coalesce((v.record ->> 'eventDuration')::float8, 1))::float8 AS days
         ${this.currentOf('edfi.studentSchoolAttendanceEvent')}
          AND ${dayOf('eventDate')} BETWEEN $1 AND $2
        GROUP BY 1, 2, 3`,
      [fromDay, toDay],
      visit,
    );
  }

  /** Postsecondary term enrolments, linked by SID. */
  postsecondaryEnrolments(visit: (row: SpellRow) => void): Promise<void> {
    return this.stream(`SELECT p.student, ${dayOf('termBeginDate')} AS "beginDay", ${dayOf('termEndDate')} AS "endDay" ${this.currentOf('postsecondary.termEnrollment')}`, [], visit);
  }

  /** Postsecondary credentials awarded, linked by SID. */
  postsecondaryCredentials(visit: (row: AwardRow) => void): Promise<void> {
    return this.stream(`SELECT p.student, ${dayOf('awardDate')} AS "awardDay" ${this.currentOf('postsecondary.credentialAward')}`, [], visit);
  }

  /** Unemployment-insurance wages summed per student and quarter over all employers. */
  wages(visit: (row: WageRow) => void): Promise<void> {
    return this.stream(
      `SELECT p.student, (v.record ->> 'year')::int AS year, (v.record ->> 'quarter')::int AS quarter, sum((v.record ->> 'wages')::float8)::float8 AS wages
         ${this.currentOf('workforce.quarterlyWage')}
        GROUP BY 1, 2, 3`,
      [],
      visit,
    );
  }

  /** The current records of an organisation-level contract (no person): expenditures and school plans. */
  async organisationRecords(contractId: typeof SCHOOL_EXPENDITURE_CONTRACT | typeof SCHOOL_PLAN_CONTRACT): Promise<Array<Record<string, unknown>>> {
    const rows: Array<{ record: Record<string, unknown> }> = await this.transaction.query(
      `SELECT v.record FROM record_version v WHERE v.contract_id = $1 AND ${isCurrentRecord('v')} ORDER BY v.natural_key, v.source_system`,
      [contractId],
    );
    return rows.map((row) => row.record);
  }

  /** FROM … WHERE of one contract's current records, each with its person's student number (`p.student`); callers add conditions with AND. */
  private currentOf(contractId: string, joins = ''): string {
    return `FROM record_version v ${ownPersonJoin('v', 'p', 'outcome_person')} ${joins}
           WHERE v.contract_id = '${contractId}' AND ${isCurrentRecord('v')}`;
  }

  private async stream<Row>(sql: string, parameters: unknown[], visit: (row: Row) => void): Promise<void> {
    await this.transaction.query(`DECLARE outcome_rows NO SCROLL CURSOR FOR ${sql}`, parameters);
    for (;;) {
      const rows: Row[] = await this.transaction.query(`FETCH ${FETCH_ROWS} FROM outcome_rows`);
      for (const row of rows) visit(row);
      if (rows.length < FETCH_ROWS) break;
    }
    await this.transaction.query(`CLOSE outcome_rows`);
  }
}
