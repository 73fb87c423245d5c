import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearerFor, testApiSettings } from '../access/testing/access-test-kit';
import { draftAgreement, enrolledStudentRecordsTerms } from '../access/testing/agreement-fixtures';
import { enrolment, GRAND_BEND, RIVERSIDE, storeK12Fixture, student } from '../access/testing/k12-fixtures';
import { ApiModule } from '../api.module';
import { absence, currentSchoolYear, disciplineAction, earlyWarningTerms, grade, recentWeekdays, WATCH_LIST_DAY } from './testing/early-warning-fixtures';

const logger = createJsonLogger('early-warning-test', 'error');

/** Grand Bend High's students: each flagged on one indicator, one on none, one who left. */
const KIDS = {
  absent: 'EW-1001',
  failing: 'EW-1002',
  suspended: 'EW-1003',
  fine: 'EW-1004',
  left: 'EW-1005',
  riverside: 'EW-2001',
} as const;
const NAMES: Record<string, [string, string, string]> = {
  [KIDS.absent]: ['Mateo', 'Alvarez', '2011-02-03'],
  [KIDS.failing]: ['Hana', 'Sato', '2010-09-14'],
  [KIDS.suspended]: ['Olu', 'Bakare', '2011-06-30'],
  [KIDS.fine]: ['Ines', 'Moreau', '2010-12-01'],
  [KIDS.left]: ['Piotr', 'Zielinski', '2011-04-22'],
  [KIDS.riverside]: ['Sade', 'Adeyemi', '2010-03-08'],
};

describe('GET /early-warning/schools/:schoolId/watch-list, under an early-warning agreement, each view a disclosure', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let prefix: string;
  const bearer: Record<string, string> = {};
  const { year, start } = currentSchoolYear();

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    prefix = testTopicPrefix();
    const school = GRAND_BEND.schoolId;
    const [yesterday] = recentWeekdays(1);
    await storeK12Fixture(dataSource, prefix, [
      Object.entries(NAMES).map(([id, [firstName, lastSurname, birthDate]]) => student(id, { firstName, lastSurname, birthDate })),
      [
        ...[KIDS.absent, KIDS.failing, KIDS.suspended, KIDS.fine].map((id) => enrolment(id, school, { entryDate: start })),
        enrolment(KIDS.left, school, { entryDate: start, exitWithdrawDate: yesterday }),
        enrolment(KIDS.riverside, RIVERSIDE.schoolId, { entryDate: start }),
      ],
      [
        ...recentWeekdays(12).map((day) => absence(KIDS.absent, school, day)),
        grade(KIDS.failing, school, 'ALG-1', 'F', 48),
        grade(KIDS.failing, school, 'ART-2', 'B', 85),
        grade(KIDS.fine, school, 'ENG-9', 'A', 95),
        disciplineAction(KIDS.suspended, school, 'DA-1', 'Out of School Suspension', yesterday),
        disciplineAction(KIDS.left, school, 'DA-2', 'Expulsion', yesterday),
        disciplineAction(KIDS.riverside, RIVERSIDE.schoolId, 'DA-3', 'Out of School Suspension', yesterday),
      ],
    ]);
    app = await apiJudgingAsOf(WATCH_LIST_DAY);
    bearer.school = await bearerFor(app, dataSource, Role.School, String(GRAND_BEND.schoolId));
    bearer.district = await bearerFor(app, dataSource, Role.District, String(GRAND_BEND.districtId));
    bearer.riversideSchool = await bearerFor(app, dataSource, Role.School, String(RIVERSIDE.schoolId));
    bearer.riversideDistrict = await bearerFor(app, dataSource, Role.District, String(RIVERSIDE.districtId));
    bearer.steward = await bearerFor(app, dataSource, Role.Steward, 'sea');
    // The early-warning agreement names Grand Bend's district only: its school sees through it. Riverside reads records, but has no early-warning agreement.
    await draftAgreement(app, bearer.steward, earlyWarningTerms([String(GRAND_BEND.districtId)]));
    await draftAgreement(app, bearer.steward, enrolledStudentRecordsTerms([String(RIVERSIDE.schoolId), String(RIVERSIDE.districtId)]));
  });

  /** The API, judging the watch list as of `day` whatever today is. */
  async function apiJudgingAsOf(day: string): Promise<INestApplication> {
    const settings = testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, LANTERN_DEV_WATCH_LIST_DATE: day });
    const module = await Test.createTestingModule({ imports: [ApiModule.forRoot(settings, logger)] }).compile();
    const api = module.createNestApplication({ logger: false });
    await api.init();
    return api;
  }

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const http = () => request(app.getHttpServer());
  const watchList = (schoolId: number, authorization: string, query: Record<string, string> = {}) =>
    http().get(`/early-warning/schools/${schoolId}/watch-list`).query(query).set('Authorization', authorization);
  const sidOf = async (studentUniqueId: string): Promise<string> => {
    const [row]: Array<{ sid: string }> = await dataSource.query(`SELECT sid FROM identity_record WHERE local_id = $1`, [studentUniqueId]);
    return row.sid;
  };
  const disclosuresOf = async (studentUniqueId: string): Promise<Array<Record<string, unknown>>> =>
    (
      await http()
        .get(`/disclosures/students/${await sidOf(studentUniqueId)}`)
        .set('Authorization', bearer.steward)
        .expect(200)
    ).body.disclosures;

  it('shows the school its flagged students, each flag with the records, counts and thresholds behind it', async () => {
    const { body } = await watchList(GRAND_BEND.schoolId, bearer.school).expect(200);
    expect(body).toMatchObject({
      schoolId: String(GRAND_BEND.schoolId),
      districtId: String(GRAND_BEND.districtId),
      asOf: WATCH_LIST_DAY,
      schoolYear: year,
      schoolYearStart: start,
      total: 3,
      thresholds: { source: 'default' },
    });
    const byId = Object.fromEntries(body.students.map((entry: { studentUniqueId: string }) => [entry.studentUniqueId, entry]));
    expect(Object.keys(byId).sort()).toEqual([KIDS.absent, KIDS.failing, KIDS.suspended].sort());
    expect(byId[KIDS.absent]).toMatchObject({
      firstName: 'Mateo',
      lastSurname: 'Alvarez',
      flags: ['attendance'],
      attendance: { flagged: true, absentDays: 12, threshold: { chronicAbsenceRate: 0.1 } },
    });
    expect(byId[KIDS.absent].attendance.records).toHaveLength(12);
    expect(byId[KIDS.failing]).toMatchObject({
      flags: ['course-performance'],
      coursePerformance: { failingCourses: 1, failingCoreCourses: 1, records: [{ localCourseCode: 'ALG-1', letterGradeEarned: 'F', numericGradeEarned: 48, core: true }] },
    });
    expect(byId[KIDS.suspended]).toMatchObject({ flags: ['behaviour'], behaviour: { suspensions: 1, records: [{ disciplineActionIdentifier: 'DA-1', kind: 'suspension' }] } });
    expect(JSON.stringify(body)).not.toContain(await sidOf(KIDS.absent));
  });

  it('starts each school year empty: in early July last year’s absences, suspensions and grades no longer count', async () => {
    const july = await apiJudgingAsOf(`${year}-07-06`);
    try {
      const school = await bearerFor(july, dataSource, Role.School, String(GRAND_BEND.schoolId));
      const { body } = await request(july.getHttpServer()).get(`/early-warning/schools/${GRAND_BEND.schoolId}/watch-list`).set('Authorization', school).expect(200);
      expect(body).toMatchObject({ asOf: `${year}-07-06`, schoolYear: year + 1, schoolYearStart: `${year}-07-01`, total: 0, students: [] });
    } finally {
      await july.close();
    }
    // The same records, judged as of the fixed autumn day, still flag three.
    expect((await watchList(GRAND_BEND.schoolId, bearer.school).expect(200)).body.total).toBe(3);
  });

  it('never lists a student no longer enrolled, nor one of another school', async () => {
    const { body } = await watchList(GRAND_BEND.schoolId, bearer.school, { indicator: 'behaviour' }).expect(200);
    expect(body.students.map((entry: { studentUniqueId: string }) => entry.studentUniqueId)).toEqual([KIDS.suspended]);
    expect(JSON.stringify(body)).not.toContain(KIDS.left);
    expect(JSON.stringify(body)).not.toContain(KIDS.riverside);
  });

  it('records each view in the record of disclosures of every student it shows, and of no one else', async () => {
    const before = (await disclosuresOf(KIDS.absent)).length;
    const fineBefore = (await disclosuresOf(KIDS.fine)).length;
    const { body } = await watchList(GRAND_BEND.schoolId, bearer.school, { pageSize: '1' }).expect(200);
    expect(body.students).toHaveLength(1);
    expect(body.total).toBe(3);
    const shownId = body.students[0].studentUniqueId;
    const entries = await disclosuresOf(shownId);
    expect(entries[0]).toMatchObject({
      id: body.release.disclosureId,
      recipient: { organizationId: String(GRAND_BEND.schoolId) },
      purpose: { code: 'early-warning' },
      agreement: { id: body.release.agreement.id },
      studentCount: 1,
    });
    if (shownId !== KIDS.absent) expect(await disclosuresOf(KIDS.absent)).toHaveLength(before);
    expect(await disclosuresOf(KIDS.fine)).toHaveLength(fineBefore);
  });

  it('shows a district its school’s list, and refuses a school or district of another organisation', async () => {
    const { body } = await watchList(GRAND_BEND.schoolId, bearer.district).expect(200);
    expect(body.total).toBe(3);
    for (const refused of [
      await watchList(GRAND_BEND.schoolId, bearer.riversideSchool),
      await watchList(GRAND_BEND.schoolId, bearer.riversideDistrict),
      await watchList(RIVERSIDE.schoolId, bearer.school),
    ]) {
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/only its own watch list/);
      expect(JSON.stringify(refused.body)).not.toContain('EW-');
    }
  });

  it('refuses with 403 where no agreement allows the watch list, saying so, and records no disclosure', async () => {
    const before = (await disclosuresOf(KIDS.riverside)).length;
    const refused = await watchList(RIVERSIDE.schoolId, bearer.riversideSchool).expect(403);
    expect(refused.body.detail).toMatch(/^No data-sharing agreement in force names your organisation or its district as a recipient for purpose early-warning/);
    expect(refused.body.detail).not.toContain(String(RIVERSIDE.schoolId));
    // The reasons are the steward's to read, under the decision's id.
    const decisionId = /decision ([0-9a-f-]{36})/.exec(refused.body.detail)?.[1];
    const [audited]: Array<{ details: { reasons: string[] } }> = await dataSource.query(`SELECT details FROM audit_entry WHERE kind = 'policy-decision' AND details ->> 'decisionId' = $1`, [
      decisionId,
    ]);
    expect(audited.details.reasons.join('; ')).toMatch(/purpose early-warning is not the agreement's purpose enrolled-student-records/);
    expect(await disclosuresOf(KIDS.riverside)).toHaveLength(before);
  });

  it('exports CSV for the school’s own staff only, recorded as a disclosure', async () => {
    const before = (await disclosuresOf(KIDS.failing)).length;
    const csv = await watchList(GRAND_BEND.schoolId, bearer.school, { format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="watch-list-255901001-/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.find((line) => line.includes(KIDS.failing))).toMatch(/,Sato,Hana,course-performance,.*,ALG-1$/);
    expect(await disclosuresOf(KIDS.failing)).toHaveLength(before + 1);
    await watchList(GRAND_BEND.schoolId, bearer.district, { format: 'csv' }).expect(403);
  });

  it('lets a district set its own thresholds, which its schools’ lists then use; no other district may', async () => {
    const defaults = (await http().get(`/early-warning/districts/${GRAND_BEND.districtId}/thresholds`).set('Authorization', bearer.district).expect(200)).body;
    expect(defaults).toMatchObject({ source: 'default', thresholds: { chronicAbsenceRate: 0.1 } });
    const lenient = { ...defaults.thresholds, chronicAbsenceRate: 0.9 };
    await http().put(`/early-warning/districts/${GRAND_BEND.districtId}/thresholds`).set('Authorization', bearer.riversideDistrict).send(lenient).expect(403);
    const bad = await http()
      .put(`/early-warning/districts/${GRAND_BEND.districtId}/thresholds`)
      .set('Authorization', bearer.district)
      .send({ ...lenient, suspensions: 0 })
      .expect(400);
    expect(bad.body.detail).toMatch(/suspensions must be a whole number from 1 to 50/);
    const set = await http().put(`/early-warning/districts/${GRAND_BEND.districtId}/thresholds`).set('Authorization', bearer.district).send(lenient).expect(200);
    expect(set.body).toMatchObject({ source: 'district', thresholds: { chronicAbsenceRate: 0.9 }, updatedBy: expect.any(String) });
    const { body } = await watchList(GRAND_BEND.schoolId, bearer.school).expect(200);
    expect(body.thresholds.source).toBe('district');
    expect(body.students.map((entry: { studentUniqueId: string }) => entry.studentUniqueId)).not.toContain(KIDS.absent);
    await http().put(`/early-warning/districts/${GRAND_BEND.districtId}/thresholds`).set('Authorization', bearer.steward).send(defaults.thresholds).expect(200);
  });
});
