import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ApiModule } from '../api.module';
import { bearerFor, testApiSettings } from './testing/access-test-kit';
import { draftAgreement, enrolledStudentRecordsTerms } from './testing/agreement-fixtures';
import { GRAND_BEND, PEOPLE, RIVERSIDE, storeK12Fixture, STUDENTS } from './testing/k12-fixtures';

const logger = createJsonLogger('student-scope-test', 'error');

/** An endpoint someone forgot to declare a policy for. */
@Controller('undeclared')
class UndeclaredController {
  @Get()
  secrets() {
    return { leaked: true };
  }
}

describe('GET /k12/students/:id under agreements, through the organisation scope, with default deny', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  const bearer: Record<string, string> = {};
  /** Schools with agreements that do not allow reads now: one for each way an agreement can fail to be in force. */
  const NOT_IN_FORCE = { draft: 255903001, suspended: 255904001, expired: 255905001, terminated: 255906001, none: 255907001 } as const;
  const YEAR = 365 * 86_400_000;
  let expiredAt: Date;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const prefix = testTopicPrefix();
    await storeK12Fixture(dataSource, prefix);
    const settings = testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix });
    // The API module as it ships, plus one controller without an access declaration.
    const module = await Test.createTestingModule({ imports: [ApiModule.forRoot(settings, logger)], controllers: [UndeclaredController] }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
    bearer.grandBendSchool = await bearerFor(app, dataSource, Role.School, String(GRAND_BEND.schoolId));
    bearer.grandBendDistrict = await bearerFor(app, dataSource, Role.District, String(GRAND_BEND.districtId));
    bearer.riversideSchool = await bearerFor(app, dataSource, Role.School, String(RIVERSIDE.schoolId));
    bearer.steward = await bearerFor(app, dataSource, Role.Steward, 'sea');
    for (const [state, schoolId] of Object.entries(NOT_IN_FORCE)) bearer[state] = await bearerFor(app, dataSource, Role.School, String(schoolId));

    const recipients = (schoolId: number) => [String(schoolId)];
    await draftAgreement(app, bearer.steward, enrolledStudentRecordsTerms([GRAND_BEND.schoolId, GRAND_BEND.districtId, RIVERSIDE.schoolId].map(String)));
    await draftAgreement(app, bearer.steward, enrolledStudentRecordsTerms(recipients(NOT_IN_FORCE.draft)), { approved: false });
    const suspended = await draftAgreement(app, bearer.steward, enrolledStudentRecordsTerms(recipients(NOT_IN_FORCE.suspended)));
    await request(app.getHttpServer()).post(`/agreements/${suspended}/suspend`).set('Authorization', bearer.steward).send({ reason: 'breach under review' }).expect(200);
    // Approval needs an agreement that has not expired yet, so this one lapses moments after it.
    expiredAt = new Date(Date.now() + 1_500);
    const lapsing = { effectiveDate: new Date(Date.now() - YEAR).toISOString(), expiresAt: expiredAt.toISOString(), destroyBy: expiredAt.toISOString() };
    await draftAgreement(app, bearer.steward, enrolledStudentRecordsTerms(recipients(NOT_IN_FORCE.expired), lapsing));
    const terminated = await draftAgreement(app, bearer.steward, enrolledStudentRecordsTerms(recipients(NOT_IN_FORCE.terminated)));
    await request(app.getHttpServer()).post(`/agreements/${terminated}/terminate`).set('Authorization', bearer.steward).send({ reason: 'ended' }).expect(200);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const student = (id: string, authorization: string, elements?: string) =>
    request(app.getHttpServer())
      .get(`/k12/students/${id}`)
      .query(elements ? { elements } : {})
      .set('Authorization', authorization);
  /** The answer with its per-request ids blanked, for comparing two answers byte for byte. */
  const withoutRequestIds = (body: Record<string, unknown>) => JSON.stringify({ ...body, errorId: 'x', detail: String(body.detail).replace(/decision [0-9a-f-]{36}/, 'decision x') });
  /** The student's record of disclosures, as a steward (or a parent, through one) reads it. */
  const disclosuresOf = async (sid: string): Promise<Array<Record<string, unknown>>> =>
    (await request(app.getHttpServer()).get(`/disclosures/students/${sid}`).set('Authorization', bearer.steward).expect(200)).body.disclosures;
  const sidOf = async (studentUniqueId: string): Promise<string> => {
    const [row]: Array<{ sid: string }> = await dataSource.query(`SELECT sid FROM identity_record WHERE local_id = $1`, [studentUniqueId]);
    return row.sid;
  };

  it('shows a school its enrolled student: only the agreed elements, the birth date as a year, under the agreement named', async () => {
    const response = await student(STUDENTS.grandBend, bearer.grandBendSchool).expect(200);
    expect(response.body.versions).toHaveLength(1);
    expect(response.body.versions[0].record).toEqual({
      studentUniqueId: STUDENTS.grandBend,
      firstName: PEOPLE[STUDENTS.grandBend].firstName,
      lastSurname: PEOPLE[STUDENTS.grandBend].lastSurname,
      birthDate: '2014',
    });
    expect(response.body.versions[0].lineage).toMatchObject({ topic: expect.any(String), partition: 0 });
    expect(response.body.release).toMatchObject({ agreement: { id: expect.any(String), version: 1 }, disclosureId: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toContain('2014-05-06');
  });

  it('puts every read by a school or district in the record of disclosures, under the student’s SID', async () => {
    const sid = await sidOf(STUDENTS.riverside);
    const before = await disclosuresOf(sid);
    const read = await student(STUDENTS.riverside, bearer.riversideSchool, 'studentUniqueId,birthDate').expect(200);
    expect(read.body.versions[0].record).toEqual({ studentUniqueId: STUDENTS.riverside, birthDate: PEOPLE[STUDENTS.riverside].birthDate.slice(0, 4) });
    const after = await disclosuresOf(sid);
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({
      id: read.body.release.disclosureId,
      recipient: { organizationId: String(RIVERSIDE.schoolId) },
      purpose: { code: 'enrolled-student-records' },
      agreement: { id: read.body.release.agreement.id, version: 1, legalBases: [{ kind: 'ferpa-school-official' }] },
      elements: [
        { domain: 'edfi.student', element: 'studentUniqueId', granularity: 'as-recorded' },
        { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
      ],
      studentCount: 1,
    });
  });

  it('refuses elements the agreement does not allow with 403, the same answer whether or not the student exists, and records no disclosure', async () => {
    const sid = await sidOf(STUDENTS.grandBend);
    const before = (await disclosuresOf(sid)).length;
    const enrolled = await student(STUDENTS.grandBend, bearer.grandBendSchool, 'firstName,birthCity').expect(403);
    const nonexistent = await student(STUDENTS.nonexistent, bearer.grandBendSchool, 'firstName,birthCity').expect(403);
    expect(enrolled.body).toMatchObject({ type: 'urn:lantern:problem:forbidden' });
    expect(enrolled.body.detail).toContain('elements not permitted: edfi.student.birthCity');
    expect(withoutRequestIds(enrolled.body)).toBe(withoutRequestIds(nonexistent.body));
    expect(JSON.stringify(enrolled.body)).not.toContain(STUDENTS.grandBend);
    expect(await disclosuresOf(sid)).toHaveLength(before);
  });

  it('refuses a school whose agreement is a draft, suspended, expired or terminated, or which has none, for every student alike', async () => {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiredAt.getTime() - Date.now())));
    const expectedReason = { draft: 'awaiting approval', suspended: 'is suspended', expired: 'expired at', terminated: 'is terminated', none: 'no agreement names organisation' };
    for (const state of Object.keys(NOT_IN_FORCE) as Array<keyof typeof NOT_IN_FORCE>) {
      const existing = await student(STUDENTS.grandBend, bearer[state]).expect(403);
      const nonexistent = await student(STUDENTS.nonexistent, bearer[state]).expect(403);
      expect(existing.body.detail).toContain(expectedReason[state]);
      expect(withoutRequestIds(existing.body)).toBe(withoutRequestIds(nonexistent.body));
    }
  });

  it('logs every decision, allowing or denying, in the audit log', async () => {
    await student(STUDENTS.grandBend, bearer.none).expect(403);
    const [decision]: Array<{ details: Record<string, unknown> }> = await dataSource.query(
      `SELECT details FROM audit_entry WHERE kind = 'policy-decision' AND details ->> 'organizationId' = $1 ORDER BY id DESC LIMIT 1`,
      [String(NOT_IN_FORCE.none)],
    );
    expect(decision.details).toMatchObject({ decision: 'deny', purpose: 'enrolled-student-records', population: { kind: 'enrolled-at-recipient' } });
    expect(JSON.stringify(decision.details)).not.toContain(STUDENTS.grandBend);
  });

  it('answers a school asking for another school’s student exactly as for a student who does not exist', async () => {
    const otherSchools = await student(STUDENTS.riverside, bearer.grandBendSchool).expect(404);
    const unenrolled = await student(STUDENTS.unenrolled, bearer.grandBendSchool).expect(404);
    const nonexistent = await student(STUDENTS.nonexistent, bearer.grandBendSchool).expect(404);
    expect(withoutRequestIds(otherSchools.body)).toBe(withoutRequestIds(nonexistent.body));
    expect(withoutRequestIds(unenrolled.body)).toBe(withoutRequestIds(nonexistent.body));
    expect(otherSchools.headers['content-type']).toBe(nonexistent.headers['content-type']);
    expect(JSON.stringify(otherSchools.body)).not.toContain(STUDENTS.riverside);
  });

  it('shows a district the students of its schools only, and a steward every student and element, audited', async () => {
    await student(STUDENTS.grandBend, bearer.grandBendDistrict).expect(200);
    await student(STUDENTS.riverside, bearer.grandBendDistrict).expect(404);
    await student(STUDENTS.riverside, bearer.riversideSchool).expect(200);
    await student(STUDENTS.grandBend, bearer.riversideSchool).expect(404);
    for (const id of [STUDENTS.grandBend, STUDENTS.riverside, STUDENTS.unenrolled]) await student(id, bearer.steward).expect(200);
    await student(STUDENTS.nonexistent, bearer.steward).expect(404);

    const asSteward = await student(STUDENTS.unenrolled, bearer.steward).expect(200);
    expect(asSteward.body.versions[0].record).toMatchObject({ birthDate: PEOPLE[STUDENTS.unenrolled].birthDate });
    expect(asSteward.body.release).toBeUndefined();
    const [read]: Array<{ details: { sids: string[] } }> = await dataSource.query(`SELECT details FROM audit_entry WHERE kind = 'record-read' ORDER BY id DESC LIMIT 1`);
    expect(read.details.sids).toEqual([await sidOf(STUDENTS.unenrolled)]);
  });

  it('refuses an unknown element name with 400, listing the ones there are', async () => {
    const response = await student(STUDENTS.grandBend, bearer.grandBendSchool, 'firstName,favouriteColour').expect(400);
    expect(response.body.detail).toContain('studentUniqueId, personalTitlePrefix');
  });

  it('refuses a repeated query parameter with 400 problem details naming it, rather than failing', async () => {
    const response = await request(app.getHttpServer())
      .get(`/k12/students/${STUDENTS.grandBend}?elements=firstName&elements=birthDate`)
      .set('Authorization', bearer.grandBendSchool)
      .expect(400);
    expect(response.body).toMatchObject({ type: 'urn:lantern:problem:invalid_request', detail: expect.stringContaining('elements was given more than once') });
    const crosswalk = await request(app.getHttpServer()).get('/identity/crosswalk?sourceSystem=a&sourceSystem=b&localId=1').set('Authorization', bearer.steward).expect(400);
    expect(crosswalk.body.detail).toContain('sourceSystem was given more than once');
  });

  it('refuses an endpoint that declares no access policy: 401 without credentials, 403 even for a steward', async () => {
    const anonymous = await request(app.getHttpServer()).get('/undeclared').expect(401);
    const asSteward = await request(app.getHttpServer()).get('/undeclared').set('Authorization', bearer.steward).expect(403);
    expect(asSteward.body).toMatchObject({ type: 'urn:lantern:problem:forbidden' });
    expect(JSON.stringify([anonymous.body, asSteward.body])).not.toContain('leaked');
  });
});
