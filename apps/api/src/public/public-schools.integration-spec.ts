import type { INestApplication } from '@nestjs/common';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import { testApiSettings } from '../access/testing/access-test-kit';
import { envelope, GRAND_BEND, PEOPLE, RIVERSIDE, STUDENTS, storeK12Fixture } from '../access/testing/k12-fixtures';
import { createApi } from '../create-api';

const logger = createJsonLogger('public-schools-test', 'error');
const SCHOOL_CATEGORY = [{ educationOrganizationCategoryDescriptor: 'uri://ed-fi.org/EducationOrganizationCategoryDescriptor#School' }];
const address = (city: string, addressType = 'Physical') => ({
  addressTypeDescriptor: `uri://ed-fi.org/AddressTypeDescriptor#${addressType}`,
  streetNumberName: `1 ${city} Way`,
  city,
  stateAbbreviationDescriptor: 'uri://ed-fi.org/StateAbbreviationDescriptor#TX',
  postalCode: '78701',
});
const school = (schoolId: number, nameOfInstitution: string, fields: Record<string, unknown> = {}, eventTime = '2026-08-20T08:00:00Z') => ({
  ...envelope('edfi.school', {
    schoolId,
    nameOfInstitution,
    educationOrganizationCategories: SCHOOL_CATEGORY,
    gradeLevels: [{ gradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Ninth grade' }],
    localEducationAgencyReference: { localEducationAgencyId: GRAND_BEND.districtId },
    ...fields,
  }),
  eventTime,
});

/** Twenty-one schools in one city: two pages of results. */
const OAK_GROVE = Array.from({ length: 21 }, (_, index) => school(255901100 + index, `Oak Grove School ${String(index + 1).padStart(2, '0')}`, { addresses: [address('Oak Grove')] }));

describe('public school directory: GET /public/schools (no sign-in, real API and PostgreSQL)', () => {
  let database: MigratedTestDatabase;
  let app: INestApplication;
  const apps: INestApplication[] = [];
  const get = (path: string, target = app) => request(target.getHttpServer()).get(path);

  async function apiWith(environment: Record<string, string> = {}) {
    const api = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: testTopicPrefix(), ...environment }), logger);
    await api.init();
    apps.push(api);
    return api;
  }

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    // The access fixture's districts, schools, students and enrolments, and more schools, through the ingest pipeline.
    await storeK12Fixture(database.dataSource, testTopicPrefix(), [
      [
        school(255901050, 'Lakeview 100% Elementary', {
          shortNameOfInstitution: 'LVE',
          addresses: [address('Mailbox Town', 'Mailing'), address('Lakeview')],
          gradeLevels: [{ gradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#Kindergarten' }, { gradeLevelDescriptor: 'uri://ed-fi.org/GradeLevelDescriptor#First grade' }],
          webSite: 'https://lakeview.example.org',
        }),
        school(255902050, 'Old Name Academy', { localEducationAgencyReference: { localEducationAgencyId: RIVERSIDE.districtId }, addresses: [address('Riverside')] }),
        ...OAK_GROVE,
      ],
      // The same school renamed by a later version: the directory shows the current one.
      [school(255902050, 'Renamed Academy', { localEducationAgencyReference: { localEducationAgencyId: RIVERSIDE.districtId }, addresses: [address('Riverside')] }, '2026-09-01T08:00:00Z')],
    ]);
    app = await apiWith();
  });

  afterAll(async () => {
    for (const api of apps) await api.close();
    await database?.drop();
  });

  it("finds a school by words of its name, in any case, with its district's name, its physical address, grades and website", async () => {
    const response = await get('/public/schools?q=LAKEVIEW').expect(200);
    expect(response.body).toEqual({
      page: 1,
      pageSize: 20,
      total: 1,
      schools: [
        {
          schoolId: '255901050',
          name: 'Lakeview 100% Elementary',
          shortName: 'LVE',
          district: { districtId: String(GRAND_BEND.districtId), name: `District ${GRAND_BEND.districtId}` },
          address: { streetNumberName: '1 Lakeview Way', apartmentRoomSuiteNumber: null, city: 'Lakeview', state: 'TX', postalCode: '78701' },
          gradeLevels: ['Kindergarten', 'First grade'],
          webSite: 'https://lakeview.example.org',
        },
      ],
    });
  });

  it("finds schools by their district's name or their city in q, and filters by district id or by whole city name", async () => {
    const names = async (path: string) => ((await get(path).expect(200)).body.schools as Array<{ name: string }>).map((found) => found.name);
    expect(await names(`/public/schools?q=district%20${RIVERSIDE.districtId}`)).toEqual(['Renamed Academy', `School ${RIVERSIDE.schoolId}`]);
    expect(await names('/public/schools?q=riverside')).toEqual(['Renamed Academy']);
    expect(await names(`/public/schools?district=${RIVERSIDE.districtId}`)).toEqual(['Renamed Academy', `School ${RIVERSIDE.schoolId}`]);
    expect(await names('/public/schools?city=lakeview')).toEqual(['Lakeview 100% Elementary']);
    expect(await names('/public/schools?city=lake')).toEqual([]);
    // The mailing address's city is searched too, but the page shows the physical one.
    expect(await names('/public/schools?q=mailbox')).toEqual(['Lakeview 100% Elementary']);
  });

  it('takes the typed text literally: % and _ match themselves, not anything', async () => {
    expect((await get('/public/schools?q=100%25').expect(200)).body.total).toBe(1);
    expect((await get('/public/schools?q=%25').expect(200)).body.total).toBe(1);
    expect((await get('/public/schools?q=_').expect(200)).body.total).toBe(0);
  });

  it('shows the current version of a school that a later record renamed, never the old name', async () => {
    expect((await get('/public/schools?q=old%20name').expect(200)).body.total).toBe(0);
    expect((await get('/public/schools/255902050').expect(200)).body.name).toBe('Renamed Academy');
  });

  it('pages results 20 at a time, by name, with the total on every page', async () => {
    const first = (await get('/public/schools?city=Oak%20Grove').expect(200)).body;
    expect([first.total, first.schools.length, first.schools[0].name, first.schools[19].name]).toEqual([21, 20, 'Oak Grove School 01', 'Oak Grove School 20']);
    const second = (await get('/public/schools?city=Oak%20Grove&page=2').expect(200)).body;
    expect([second.page, second.total, second.schools.map((found: { name: string }) => found.name)]).toEqual([2, 21, ['Oak Grove School 21']]);
    const past = (await get('/public/schools?city=Oak%20Grove&page=3').expect(200)).body;
    expect([past.total, past.schools]).toEqual([21, []]);
  });

  it('answers one school by id, and 404 for an id no School record has', async () => {
    const found = await get(`/public/schools/${RIVERSIDE.schoolId}`).expect(200);
    expect(found.body).toMatchObject({ schoolId: String(RIVERSIDE.schoolId), name: `School ${RIVERSIDE.schoolId}`, address: null, gradeLevels: ['Sixth grade'] });
    const missing = await get('/public/schools/999999999').expect(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    await get('/public/schools/not-a-number').expect(404);
  });

  it("never answers with a child's record: students' ids and names find nothing", async () => {
    const child = PEOPLE[STUDENTS.grandBend];
    for (const text of [STUDENTS.grandBend, child.firstName, child.lastSurname]) {
      expect((await get(`/public/schools?q=${encodeURIComponent(text)}`).expect(200)).body.total).toBe(0);
    }
    await get(`/public/schools/${STUDENTS.grandBend}`).expect(404);
    const everything = JSON.stringify((await get('/public/schools?page=1').expect(200)).body) + JSON.stringify((await get('/public/schools?page=2').expect(200)).body);
    expect(everything).not.toContain(child.lastSurname);
    expect(everything).not.toContain(child.birthDate);
  });

  it('is cacheable: Cache-Control public, an ETag, and 304 for a revalidation that matches it', async () => {
    for (const path of ['/public/schools?q=lakeview', `/public/schools/${GRAND_BEND.schoolId}`]) {
      const first = await get(path).expect(200);
      expect(first.headers['cache-control']).toBe('public, max-age=300');
      expect(first.headers.etag).toEqual(expect.any(String));
      await get(path).set('If-None-Match', first.headers.etag).expect(304);
    }
  });

  it('refuses parameters it does not take or cannot read, with problem details', async () => {
    for (const path of [
      '/public/schools?page=0',
      '/public/schools?page=x',
      '/public/schools?district=abc',
      '/public/schools?name=x',
      `/public/schools?q=${'x'.repeat(101)}`,
      '/public/schools?q=a&q=b',
    ]) {
      const refused = await get(path).expect(400);
      expect(refused.body).toMatchObject({ type: 'urn:lantern:problem:invalid_request', status: 400 });
    }
  });

  it('limits requests per address: over the limit, 429 with Retry-After', async () => {
    const limited = await apiWith({ API_PUBLIC_REQUESTS_PER_ADDRESS: '2' });
    await get('/public/schools', limited).expect(200);
    await get(`/public/schools/${GRAND_BEND.schoolId}`, limited).expect(200);
    const refused = await get('/public/schools', limited).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('is described in the OpenAPI document with schemas and examples', async () => {
    const openApi = (await get('/docs-json').expect(200)).body;
    const search = openApi.paths['/public/schools'].get;
    expect(search.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PublicSchoolPage' });
    expect(search.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual(['city', 'district', 'page', 'q']);
    expect(openApi.paths['/public/schools/{schoolId}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PublicSchool' });
    expect(openApi.components.schemas.PublicSchool.properties.name.example).toBe('Grand Bend High School');
    expect(search.security ?? []).toEqual([]);
  });
});
