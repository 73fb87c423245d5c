import type { INestApplication } from '@nestjs/common';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { OutcomesJob } from '@lantern/outcomes-store';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import { bearerFor, testApiSettings } from '../access/testing/access-test-kit';
import { envelope, GRAND_BEND, storeK12Fixture, student } from '../access/testing/k12-fixtures';
import { createApi } from '../create-api';

const logger = createJsonLogger('public-indicators-test', 'error');
const SCHOOL = GRAND_BEND.schoolId;
const SURNAMES = [
  'Abernathy',
  'Baptiste',
  'Castellano',
  'Dimitriou',
  'Eriksson',
  'Fitzgerald',
  'Gallagher',
  'Hoffmann',
  'Ivanova',
  'Jablonski',
  'Kowalczyk',
  'Lindqvist',
  'Montgomery',
  'Nakamura',
  'Oyelaran',
];
/** The 2022 cohort of Grand Bend's school: fifteen first-time 9th graders, thirteen graduate by 2025; three are Asian (a group below the minimum n). */
const COHORT = SURNAMES.map((surname, index) => ({
  id: `GB-C${String(index + 1).padStart(2, '0')}`,
  person: { firstName: `Kid${surname.slice(0, 3)}`, lastSurname: surname, birthDate: `2007-${String(1 + (index % 12)).padStart(2, '0')}-${String(3 + index).padStart(2, '0')}` },
  graduates: index < 13,
  race: index < 3 ? 'Asian' : 'White',
}));

const enrolment = (id: string, graduates: boolean) =>
  envelope('edfi.studentSchoolAssociation', {
    studentReference: { studentUniqueId: id },
    schoolReference: { schoolId: SCHOOL },
    entryDate: '2021-08-20',
    entryGradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade',
    exitWithdrawDate: graduates ? '2025-05-30' : '2023-03-01',
    exitWithdrawTypeDescriptor: `uri://ed-fi.org/ExitWithdrawTypeDescriptor#${graduates ? 'Graduated' : 'Dropped out'}`,
  });
const race = (id: string, raceName: string) =>
  envelope('edfi.studentEducationOrganizationAssociation', {
    educationOrganizationReference: { educationOrganizationId: GRAND_BEND.districtId },
    studentReference: { studentUniqueId: id },
    races: [{ raceDescriptor: `uri://ed-fi.org/RaceDescriptor#${raceName}` }],
  });
const diploma = (id: string, awardDate: string) =>
  envelope('edfi.studentAcademicRecord', {
    educationOrganizationReference: { educationOrganizationId: SCHOOL },
    schoolYearTypeReference: { schoolYear: 2025 },
    studentReference: { studentUniqueId: id },
    termDescriptor: 'uri://ed-fi.org/TermDescriptor#Spring Semester',
    diplomas: [{ diplomaTypeDescriptor: 'uri://ed-fi.org/DiplomaTypeDescriptor#Regular diploma', diplomaAwardDate: awardDate }],
  });

describe('public indicators and their release (real API, job and PostgreSQL)', () => {
  let database: MigratedTestDatabase;
  let app: INestApplication;
  let steward: string;
  let firstRun: string;
  const get = (path: string) => request(app.getHttpServer()).get(path);
  const schoolAll = (body: { values: Array<Record<string, unknown>> }) => body.values.find((value) => value.indicator === 'graduation-4-year' && value.group === 'all');

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    await storeK12Fixture(database.dataSource, testTopicPrefix(), [
      COHORT.map(({ id, person }) => student(id, person)),
      COHORT.flatMap(({ id, graduates, race: raceName }) => [enrolment(id, graduates), race(id, raceName)]),
      COHORT.filter(({ graduates }) => graduates).map(({ id }) => diploma(id, '2025-05-30')),
    ]);
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: testTopicPrefix() }), logger);
    await app.init();
    steward = await bearerFor(app, database.dataSource, Role.Steward, 'sea');
    firstRun = (await new OutcomesJob(database.dataSource).run(2025)).runId;
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('shows nothing of a computed run before a steward releases it', async () => {
    expect((await get(`/public/schools/${SCHOOL}/indicators`).expect(200)).body).toEqual({ level: 'school', organisationId: String(SCHOOL), schoolYear: null, values: [], planGoals: [] });
    expect((await get('/public/indicators/graduation-4-year?year=2025').expect(200)).body.values).toEqual([]);
    expect((await get('/public/indicators').expect(200)).body.releasedYears).toEqual([]);
  });

  it('publishes a run once a steward releases it, and the release is in the audit log', async () => {
    const runs = (await request(app.getHttpServer()).get('/outcomes/runs?year=2025').set('Authorization', steward).expect(200)).body;
    expect(runs).toEqual([expect.objectContaining({ runId: firstRun, schoolYear: 2025, released: false })]);
    const release = (await request(app.getHttpServer()).post(`/outcomes/runs/${firstRun}/release`).set('Authorization', steward).expect(200)).body;
    expect(release).toMatchObject({ schoolYear: 2025, runId: firstRun });
    const [audited] = await database.dataSource.query(`SELECT actor, subject, details FROM audit_entry WHERE kind = 'outcomes-release'`);
    expect(audited).toMatchObject({ subject: 'outcomes:2025', details: { runId: firstRun, schoolYear: 2025 } });
    expect(audited.actor).toMatch(/^lc_/);

    const school = (await get(`/public/schools/${SCHOOL}/indicators?year=2025`).expect(200)).body;
    expect(school.schoolYear).toBe(2025);
    expect(schoolAll(school)).toMatchObject({ n: 15, coded: null, reason: null });
    expect(schoolAll(school)!.value).toBeCloseTo(13 / 15, 12);
    const district = (await get(`/public/districts/${GRAND_BEND.districtId}/indicators`).expect(200)).body;
    expect(schoolAll(district)).toMatchObject({ organisationId: String(GRAND_BEND.districtId), n: 15 });
    const state = (await get('/public/indicators/graduation-4-year?level=state').expect(200)).body;
    expect(state.values.find((value: { group: string }) => value.group === 'all')).toMatchObject({ organisationId: 'state', n: 15 });
  });

  it('marks the three-student group as withheld with its reason, never its number', async () => {
    const school = (await get(`/public/schools/${SCHOOL}/indicators?year=2025`).expect(200)).body;
    const asian = school.values.find((value: { group: string; indicator: string }) => value.indicator === 'graduation-4-year' && value.group === 'race:asian');
    expect(asian).toEqual(expect.objectContaining({ n: null, value: null, reason: 'below-minimum-n' }));
    // Unpublished "not reported" groups never appear.
    expect(school.values.some((value: { group: string }) => value.group.endsWith(':not-reported'))).toBe(false);
  });

  it('downloads an indicator as CSV, by Accept header or ?format=csv, with withheld cells empty beside their reason', async () => {
    const byFormat = await get('/public/indicators/graduation-4-year?year=2025&format=csv').expect(200);
    const byAccept = await get('/public/indicators/graduation-4-year?year=2025').set('Accept', 'text/csv').expect(200);
    expect(byFormat.headers['content-type']).toMatch(/^text\/csv/);
    expect(byAccept.text).toBe(byFormat.text);
    const lines = byFormat.text.trim().split('\r\n');
    expect(lines[0]).toBe('indicator,schoolYear,level,organisationId,group,kind,n,value,coded,reason');
    expect(lines).toContain(`graduation-4-year,2025,school,${SCHOOL},race:asian,rate,,,,below-minimum-n`);
    expect(lines.find((line) => line.includes(`,${SCHOOL},all,`))).toBe(`graduation-4-year,2025,school,${SCHOOL},all,rate,15,${13 / 15},,`);
  });

  it("answers the state's released values in one call: the same shape as a district's, withheld groups with their reason, CSV, cacheable", async () => {
    const state = (await get('/public/state/indicators?year=2025').expect(200)).body;
    expect(state).toMatchObject({ level: 'state', organisationId: 'state', schoolYear: 2025 });
    expect(schoolAll(state)).toMatchObject({ level: 'state', organisationId: 'state', n: 15, coded: null, reason: null });
    expect(schoolAll(state)!.value).toBeCloseTo(13 / 15, 12);
    const asian = state.values.find((value: { group: string; indicator: string }) => value.indicator === 'graduation-4-year' && value.group === 'race:asian');
    expect(asian).toEqual(expect.objectContaining({ n: null, value: null, reason: 'below-minimum-n' }));
    // The state's values are exactly the state level of each indicator's own table.
    const byIndicator = (await get('/public/indicators/graduation-4-year?level=state&year=2025').expect(200)).body.values;
    expect(state.values.filter((value: { indicator: string }) => value.indicator === 'graduation-4-year')).toEqual(byIndicator);

    const csv = await get('/public/state/indicators?year=2025&format=csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="state.csv"');
    expect(csv.text.split('\r\n')).toContain('graduation-4-year,2025,state,state,race:asian,rate,,,,below-minimum-n');
    expect((await get('/public/state/indicators').set('Accept', 'text/csv').expect(200)).text).toBe(csv.text);

    await get('/public/state/indicators?year=twenty').expect(400);
    await get('/public/state/indicators?level=school').expect(400);
    expect((await get('/public/state/indicators?year=2019').expect(200)).body).toEqual({ level: 'state', organisationId: 'state', schoolYear: 2019, values: [] });
  });

  it("answers one section's indicators alone, as JSON or CSV, for a school, a district and the state", async () => {
    type Value = { indicator: string };
    const all: Value[] = (await get(`/public/schools/${SCHOOL}/indicators?year=2025`).expect(200)).body.values;
    const graduation = all.filter((value) => value.indicator === 'graduation-4-year');
    // Other indicators are released too, so the choice has something to leave out.
    expect(graduation.length).toBeGreaterThan(0);
    expect(graduation.length).toBeLessThan(all.length);
    const chosen = (await get(`/public/schools/${SCHOOL}/indicators?year=2025&indicators=graduation-4-year,graduation-5-year`).expect(200)).body;
    expect(chosen.values).toEqual(all.filter((value) => ['graduation-4-year', 'graduation-5-year'].includes(value.indicator)));
    const csv = (await get(`/public/schools/${SCHOOL}/indicators?year=2025&indicators=graduation-4-year&format=csv`).expect(200)).text.trim().split('\r\n');
    expect(csv).toHaveLength(graduation.length + 1);
    expect(csv.slice(1).every((line) => line.startsWith('graduation-4-year,'))).toBe(true);
    for (const path of [`/public/districts/${GRAND_BEND.districtId}/indicators`, '/public/state/indicators']) {
      const values: Value[] = (await get(`${path}?indicators=graduation-4-year`).expect(200)).body.values;
      expect(values.length).toBeGreaterThan(0);
      expect(values.every((value) => value.indicator === 'graduation-4-year')).toBe(true);
    }
    const unknown = await get(`/public/schools/${SCHOOL}/indicators?indicators=graduation-4-year,happiness`).expect(400);
    expect(unknown.body.detail).toBe('indicators must be indicator ids from GET /public/indicators, separated by commas.');
  });

  it('is cacheable: Cache-Control public, an ETag, and 304 for a revalidation that matches it', async () => {
    for (const path of ['/public/indicators', `/public/schools/${SCHOOL}/indicators`, '/public/state/indicators', '/public/indicators/graduation-4-year?format=csv']) {
      const first = await get(path).expect(200);
      expect(first.headers['cache-control']).toBe('public, max-age=300');
      expect(first.headers.etag).toEqual(expect.any(String));
      await get(path).set('If-None-Match', first.headers.etag).expect(304);
    }
  });

  it('is described in the OpenAPI document with schemas, examples and both media types', async () => {
    const document = (await get('/docs-json').expect(200)).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/public/indicators',
        '/public/indicators/{indicator}',
        '/public/schools/{schoolId}/indicators',
        '/public/districts/{districtId}/indicators',
        '/public/state/indicators',
        '/outcomes/runs/{runId}/release',
      ]),
    );
    expect(Object.keys(document.paths['/public/indicators/{indicator}'].get.responses['200'].content)).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
    const state = document.paths['/public/state/indicators'].get;
    expect(state.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual(['format', 'indicators', 'year']);
    expect(state.responses['200'].content['application/json']).toMatchObject({ schema: { $ref: '#/components/schemas/PublicOrganisationIndicators' }, example: { level: 'state' } });
    expect(state.responses['200'].content['text/csv'].example).toMatch(/^indicator,schoolYear,level,/);
    expect(document.components.schemas.PublicOrganisationIndicators.properties.level.enum).toEqual(['school', 'district', 'state']);
    expect(document.components.schemas.PublicIndicatorValue.properties.reason).toMatchObject({ nullable: true, enum: expect.arrayContaining(['below-minimum-n']) });
    expect(document.components.schemas.IndicatorDictionary.required).toEqual(expect.arrayContaining(['indicators', 'disclosureRules']));
  });

  it('describes every indicator and the disclosure rules in its data dictionary', async () => {
    const dictionary = (await get('/public/indicators').expect(200)).body;
    expect(dictionary.indicators.map((indicator: { id: string }) => indicator.id)).toEqual(
      expect.arrayContaining(['growth-ela', 'median-sgp-math', 'graduation-4-year', 'chronic-absenteeism', 'ppe-total']),
    );
    expect(dictionary.disclosureRules).toMatchObject({ minimumN: 11, reasons: expect.objectContaining({ 'below-minimum-n': expect.any(String) }) });
    expect(dictionary.releasedYears).toEqual([2025]);
  });

  it('keeps the released run public until a steward releases a newer one', async () => {
    // A state that raises its minimum n to 16 computes different results: a new run, not yet public.
    const second = await new OutcomesJob(database.dataSource, { minimumN: 16 }).run(2025);
    expect(second).toMatchObject({ unchanged: false });
    expect(second.runId).not.toBe(firstRun);
    expect(schoolAll((await get(`/public/schools/${SCHOOL}/indicators`).expect(200)).body)).toMatchObject({ n: 15, reason: null });
    await request(app.getHttpServer()).post(`/outcomes/runs/${second.runId}/release`).set('Authorization', steward).expect(200);
    expect(schoolAll((await get(`/public/schools/${SCHOOL}/indicators`).expect(200)).body)).toMatchObject({ n: null, value: null, reason: 'below-minimum-n' });
  });

  it("lets a steward request a run for the worker, audited; reaches no child's data from any public answer", async () => {
    const requested = (await request(app.getHttpServer()).post('/outcomes/runs').set('Authorization', steward).send({ schoolYear: 2025 }).expect(202)).body;
    expect(requested).toMatchObject({ schoolYear: 2025, status: 'pending' });
    const [audited] = await database.dataSource.query(`SELECT details FROM audit_entry WHERE kind = 'outcomes-run-requested'`);
    expect(audited.details).toEqual({ requestId: requested.requestId, schoolYear: 2025 });

    const sids: Array<{ sid: string }> = await database.dataSource.query(`SELECT sid FROM crosswalk`);
    const everything = [
      (await get('/public/indicators').expect(200)).text,
      (await get(`/public/schools/${SCHOOL}/indicators`).expect(200)).text,
      (await get(`/public/districts/${GRAND_BEND.districtId}/indicators`).expect(200)).text,
      (await get('/public/state/indicators?format=csv').expect(200)).text,
      ...(await Promise.all(['school', 'district', 'state'].map(async (level) => (await get(`/public/indicators/graduation-4-year?level=${level}&format=csv`).expect(200)).text))),
    ].join('\n');
    for (const child of COHORT) for (const text of [child.id, child.person.lastSurname, child.person.birthDate]) expect(everything).not.toContain(text);
    for (const { sid } of sids) expect(everything).not.toContain(sid);
    await get(`/public/schools/${COHORT[0].id}/indicators`).expect(400);
  });
});
