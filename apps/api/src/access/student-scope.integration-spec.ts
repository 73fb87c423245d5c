import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, testKafkaBrokers, testTopicPrefix, type MigratedTestDatabase } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ApiModule } from '../api.module';
import { bearerFor, testApiSettings } from './testing/access-test-kit';
import { GRAND_BEND, RIVERSIDE, storeK12Fixture, STUDENTS } from './testing/k12-fixtures';

const logger = createJsonLogger('student-scope-test', 'error');

/** An endpoint someone forgot to declare a policy for. */
@Controller('undeclared')
class UndeclaredController {
  @Get()
  secrets() {
    return { leaked: true };
  }
}

describe('GET /k12/students/:id through the organisation scope, and default deny', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  const bearer: Record<string, string> = {};

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const prefix = testTopicPrefix();
    await storeK12Fixture(dataSource, prefix);
    const settings = testApiSettings({ DATABASE_URL: database.url, KAFKA_BROKERS: testKafkaBrokers().join(','), LANTERN_TOPIC_PREFIX: prefix });
    // The API module as it ships, plus one controller without an access declaration.
    const module = await Test.createTestingModule({ imports: [ApiModule.forRoot(settings, logger)], controllers: [UndeclaredController] }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
    bearer.grandBendSchool = await bearerFor(app, dataSource, Role.School, String(GRAND_BEND.schoolId));
    bearer.grandBendDistrict = await bearerFor(app, dataSource, Role.District, String(GRAND_BEND.districtId));
    bearer.riversideSchool = await bearerFor(app, dataSource, Role.School, String(RIVERSIDE.schoolId));
    bearer.steward = await bearerFor(app, dataSource, Role.Steward, 'sea');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const student = (id: string, authorization: string) => request(app.getHttpServer()).get(`/k12/students/${id}`).set('Authorization', authorization);
  /** The answer with its per-request error id blanked, for comparing two answers byte for byte. */
  const withoutErrorId = (body: Record<string, unknown>) => JSON.stringify({ ...body, errorId: 'x' });

  it('shows a school the students enrolled in it', async () => {
    const response = await student(STUDENTS.grandBend, bearer.grandBendSchool).expect(200);
    expect(response.body).toMatchObject({ studentUniqueId: STUDENTS.grandBend, versions: [{ record: { studentUniqueId: STUDENTS.grandBend } }] });
  });

  it('answers a school asking for another school’s student exactly as for a student who does not exist', async () => {
    const otherSchools = await student(STUDENTS.riverside, bearer.grandBendSchool).expect(404);
    const unenrolled = await student(STUDENTS.unenrolled, bearer.grandBendSchool).expect(404);
    const nonexistent = await student(STUDENTS.nonexistent, bearer.grandBendSchool).expect(404);
    expect(withoutErrorId(otherSchools.body)).toBe(withoutErrorId(nonexistent.body));
    expect(withoutErrorId(unenrolled.body)).toBe(withoutErrorId(nonexistent.body));
    expect(otherSchools.headers['content-type']).toBe(nonexistent.headers['content-type']);
    expect(JSON.stringify(otherSchools.body)).not.toContain(STUDENTS.riverside);
  });

  it('shows a district the students of its schools only, and a steward every student', async () => {
    await student(STUDENTS.grandBend, bearer.grandBendDistrict).expect(200);
    await student(STUDENTS.riverside, bearer.grandBendDistrict).expect(404);
    await student(STUDENTS.riverside, bearer.riversideSchool).expect(200);
    await student(STUDENTS.grandBend, bearer.riversideSchool).expect(404);
    for (const id of [STUDENTS.grandBend, STUDENTS.riverside, STUDENTS.unenrolled]) await student(id, bearer.steward).expect(200);
    await student(STUDENTS.nonexistent, bearer.steward).expect(404);
  });

  it('refuses an endpoint that declares no access policy: 401 without credentials, 403 even for a steward', async () => {
    const anonymous = await request(app.getHttpServer()).get('/undeclared').expect(401);
    const asSteward = await request(app.getHttpServer()).get('/undeclared').set('Authorization', bearer.steward).expect(403);
    expect(asSteward.body).toMatchObject({ type: 'urn:lantern:problem:forbidden' });
    expect(JSON.stringify([anonymous.body, asSteward.body])).not.toContain('leaked');
  });
});
