import type { INestApplication } from '@nestjs/common';
import { Role, ROLES } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { type DevelopmentIdentityProvider, startDevelopmentIdentityProvider } from '@lantern/test-environment';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { consoleSettingsFor, TEST_REDIRECT_URI } from '../console/testing/console-test-kit';
import { createApi } from '../create-api';
import { bearerFor, testApiSettings } from './testing/access-test-kit';
import { draftAgreement, enrolledStudentRecordsTerms } from './testing/agreement-fixtures';
import { GRAND_BEND, storeK12Fixture, STUDENTS } from './testing/k12-fixtures';
import { WEB_PAGE_ROUTES } from '../web-pages/web-pages.module';
import { earlyWarningTerms } from '../early-warning/testing/early-warning-fixtures';
import { DEFAULT_THRESHOLDS } from '@lantern/early-warning';

const logger = createJsonLogger('authorization-matrix-test', 'error');

type Caller = 'anonymous' | Role;
const CALLERS: readonly Caller[] = ['anonymous', ...ROLES];

/**
 * Every route the API serves, with who may call it and what a permitted caller gets. Denied
 * callers get 401 (anonymous) or 403 (a known client of the wrong role). Each role's client
 * acts for the fixture's Grand Bend school or district, so record reads are in scope.
 * A route added to the API fails the completeness test below until it has a row here.
 */
interface RouteRow {
  /** Method and path template as the router holds them, e.g. 'GET /k12/students/:studentUniqueId'. */
  readonly route: string;
  /** The concrete path to call (defaults to the template when it has no parameters). */
  readonly path?: string;
  readonly body?: object;
  readonly access: 'public' | readonly Role[];
  /** Status of a permitted call; a number for all, or per role. */
  readonly status: number | Partial<Record<Caller, number>>;
  /** Where the policy decision point decides: the status of a permitted role when no agreement allows it. */
  readonly withoutAgreement?: Partial<Record<Caller, number>>;
}

const STEWARDS: readonly Role[] = [Role.Steward];
const RESEARCHERS_AND_STEWARDS: readonly Role[] = [Role.Researcher, Role.Steward];
const NO_SUCH_AGREEMENT = '00000000-0000-4000-8000-000000000000';
const NO_SUCH_CLIENT = 'lc_nobody';

const MATRIX: readonly RouteRow[] = [
  { route: 'GET /health/live', access: 'public', status: 200 },
  { route: 'GET /health/ready', access: 'public', status: 200 },
  { route: 'GET /metrics', access: 'public', status: 200 },
  // An empty token request is malformed for everyone; the endpoint itself is open.
  { route: 'POST /oauth/token', body: {}, access: 'public', status: 400 },
  // Schools and districts read under an agreement; the steward, the hub's custodian, without one.
  {
    route: 'GET /k12/students/:studentUniqueId',
    path: `/k12/students/${STUDENTS.grandBend}`,
    access: [Role.Steward, Role.School, Role.District],
    status: 200,
    withoutAgreement: { [Role.School]: 403, [Role.District]: 403 },
  },
  { route: 'GET /ingest/status', access: STEWARDS, status: 200 },
  { route: 'GET /ingest/history', access: STEWARDS, status: 200 },
  { route: 'GET /ingest/rejects', access: STEWARDS, status: 200 },
  { route: 'POST /ingest/rejects/replay', body: { ids: [999999] }, access: STEWARDS, status: 202 },
  // Registrations are refused as malformed: a permitted call would issue a Kafka login.
  { route: 'POST /ingest/producers', body: { producerId: 'not.valid' }, access: STEWARDS, status: 400 },
  { route: 'GET /ingest/producers', access: STEWARDS, status: 200 },
  { route: 'DELETE /ingest/producers/:producerId', path: '/ingest/producers/no-such-producer', access: STEWARDS, status: 404 },
  // Agreements and disclosures: changes aim at an agreement that does not exist.
  { route: 'POST /agreements', body: {}, access: STEWARDS, status: 400 },
  { route: 'GET /agreements', access: ROLES, status: 200 },
  { route: 'GET /agreements/:id', path: `/agreements/${NO_SUCH_AGREEMENT}`, access: ROLES, status: 404 },
  { route: 'POST /agreements/:id/versions', path: `/agreements/${NO_SUCH_AGREEMENT}/versions`, body: {}, access: STEWARDS, status: 400 },
  // Version 424242, not 1: the leak check looks for path values in the response, and a random errorId can contain "1".
  {
    route: 'POST /agreements/:id/versions/:version/approvals',
    path: `/agreements/${NO_SUCH_AGREEMENT}/versions/424242/approvals`,
    body: { organizationId: 'sea' },
    access: STEWARDS,
    status: 404,
  },
  { route: 'POST /agreements/:id/suspend', path: `/agreements/${NO_SUCH_AGREEMENT}/suspend`, body: { reason: 'matrix' }, access: STEWARDS, status: 404 },
  { route: 'POST /agreements/:id/reinstate', path: `/agreements/${NO_SUCH_AGREEMENT}/reinstate`, body: { reason: 'matrix' }, access: STEWARDS, status: 404 },
  { route: 'POST /agreements/:id/terminate', path: `/agreements/${NO_SUCH_AGREEMENT}/terminate`, body: { reason: 'matrix' }, access: STEWARDS, status: 404 },
  {
    route: 'POST /agreements/:id/policy-check',
    path: `/agreements/${NO_SUCH_AGREEMENT}/policy-check`,
    body: { organizationId: 'univ-policy-lab', purpose: 'research', elements: [] },
    access: STEWARDS,
    status: 404,
  },
  { route: 'GET /disclosures/students/:sid', path: `/disclosures/students/${STUDENTS.grandBend}`, access: STEWARDS, status: 200 },
  { route: 'GET /disclosures/organizations/:organizationId', path: '/disclosures/organizations/university-7', access: STEWARDS, status: 200 },
  { route: 'POST /audit/verification', access: STEWARDS, status: 200 },
  { route: 'GET /audit/entries', access: STEWARDS, status: 200 },
  // Identity: lookups and decisions aimed at nothing that exists, so the guard's answer is what is tested.
  { route: 'GET /identity/crosswalk', path: '/identity/crosswalk?sourceSystem=nowhere&localId=nobody', access: STEWARDS, status: 404 },
  { route: 'GET /identity/sids/:sid/records', path: '/identity/sids/00000000000/records', access: STEWARDS, status: 404 },
  { route: 'GET /identity/reviews', access: STEWARDS, status: 200 },
  { route: 'GET /identity/reviews/:id', path: '/identity/reviews/999999', access: STEWARDS, status: 404 },
  { route: 'POST /identity/reviews/:id/accept', path: '/identity/reviews/999999/accept', body: { sid: '00000000000' }, access: STEWARDS, status: 404 },
  { route: 'POST /identity/reviews/:id/reject', path: '/identity/reviews/999999/reject', access: STEWARDS, status: 404 },
  { route: 'POST /identity/merges', body: {}, access: STEWARDS, status: 400 },
  { route: 'POST /identity/splits', body: {}, access: STEWARDS, status: 400 },
  { route: 'POST /identity/merges/preview', body: {}, access: STEWARDS, status: 400 },
  { route: 'POST /identity/splits/preview', body: {}, access: STEWARDS, status: 400 },
  { route: 'GET /identity/sids/:sid/crosswalk', path: '/identity/sids/00000000000/crosswalk', access: STEWARDS, status: 404 },
  // The fixture holds too few person records to train a model on.
  { route: 'POST /identity/models', access: STEWARDS, status: 409 },
  { route: 'GET /identity/models', access: STEWARDS, status: 200 },
  { route: 'GET /identity/models/:id', path: '/identity/models/im-0000000000000000', access: STEWARDS, status: 404 },
  { route: 'POST /identity/models/:id/activate', path: '/identity/models/im-0000000000000000/activate', access: STEWARDS, status: 404 },
  // Research extracts: aimed at projects and requests that do not exist (an invalid body is refused before any lookup).
  { route: 'POST /research/projects', body: {}, access: [Role.Researcher], status: 400 },
  { route: 'GET /research/projects', access: RESEARCHERS_AND_STEWARDS, status: 200 },
  { route: 'GET /research/projects/:id', path: `/research/projects/${NO_SUCH_AGREEMENT}`, access: RESEARCHERS_AND_STEWARDS, status: 404 },
  { route: 'POST /research/projects/:id/extract-requests', path: `/research/projects/${NO_SUCH_AGREEMENT}/extract-requests`, body: {}, access: [Role.Researcher], status: 400 },
  {
    route: 'POST /research/projects/:id/extract-requests/policy-preview',
    path: `/research/projects/${NO_SUCH_AGREEMENT}/extract-requests/policy-preview`,
    body: {},
    access: [Role.Researcher],
    status: 400,
  },
  { route: 'GET /research/extract-requests', access: RESEARCHERS_AND_STEWARDS, status: 200 },
  { route: 'GET /research/extract-requests/:id', path: '/research/extract-requests/424242', access: RESEARCHERS_AND_STEWARDS, status: 404 },
  { route: 'GET /research/extract-requests/:id/policy-review', path: '/research/extract-requests/424242/policy-review', access: STEWARDS, status: 404 },
  { route: 'POST /research/extract-requests/:id/approve', path: '/research/extract-requests/424242/approve', access: STEWARDS, status: 404 },
  { route: 'POST /research/extract-requests/:id/refuse', path: '/research/extract-requests/424242/refuse', body: { reason: 'matrix' }, access: STEWARDS, status: 404 },
  { route: 'GET /research/extract-requests/:id/package', path: '/research/extract-requests/424242/package', access: [Role.Researcher], status: 404 },
  { route: 'POST /research/extract-requests/:id/package/encrypted', path: '/research/extract-requests/424242/package/encrypted', access: [Role.Researcher], status: 400 },
  { route: 'GET /research/encryption-certificates', access: [Role.Researcher], status: 200 },
  { route: 'GET /research/signing-certificate', access: RESEARCHERS_AND_STEWARDS, status: 200 },
  { route: 'POST /clients', body: { role: 'agency', organizationId: 'dcfs', displayName: 'Matrix agency' }, access: STEWARDS, status: 201 },
  { route: 'GET /clients', access: STEWARDS, status: 200 },
  // Changes aim at a client that does not exist: the guard's answer is what is under test.
  { route: 'GET /clients/:clientId', path: `/clients/${NO_SUCH_CLIENT}`, access: STEWARDS, status: 404 },
  { route: 'POST /clients/:clientId/disable', path: `/clients/${NO_SUCH_CLIENT}/disable`, access: STEWARDS, status: 404 },
  { route: 'POST /clients/:clientId/certificates', path: `/clients/${NO_SUCH_CLIENT}/certificates`, body: { pkcs12Password: 'matrix password 1' }, access: STEWARDS, status: 404 },
  { route: 'GET /clients/:clientId/certificates', path: `/clients/${NO_SUCH_CLIENT}/certificates`, access: STEWARDS, status: 404 },
  { route: 'POST /certificates/:serialNumber/revoke', path: '/certificates/0badc0de/revoke', body: { reason: 'superseded' }, access: STEWARDS, status: 404 },
  // Handle with Care: agencies issue and follow their flags (aimed at none here), schools and districts read their inbox, stewards report and keep calendars.
  { route: 'POST /care/flags', body: {}, access: [Role.Agency], status: 400 },
  { route: 'GET /care/flags', access: [Role.Agency], status: 200 },
  { route: 'GET /care/flags/:flagId', path: '/care/flags/no-such-flag', access: [Role.Agency], status: 404 },
  { route: 'POST /care/flags/:flagId/revoke', path: '/care/flags/no-such-flag/revoke', access: [Role.Agency], status: 404 },
  { route: 'GET /care/inbox', access: [Role.School, Role.District], status: 200 },
  { route: 'POST /care/notices/:noticeId/acknowledge', path: '/care/notices/424242/acknowledge', access: [Role.School, Role.District], status: 404 },
  { route: 'GET /care/reports/flags-per-district-month', access: STEWARDS, status: 200 },
  { route: 'POST /care/calendars/:organizationId', path: '/care/calendars/matrix-school-7', body: { nonSchoolDays: [] }, access: STEWARDS, status: 200 },
  { route: 'POST /care/notice-readers/:organizationId', path: '/care/notice-readers/not-a-school', access: STEWARDS, status: 400 },
  { route: 'DELETE /care/notice-readers/:organizationId', path: '/care/notice-readers/424242424242', access: STEWARDS, status: 404 },
  // The public school directory: no sign-in, and only organisations, never a child.
  { route: 'GET /public/schools', access: 'public', status: 200 },
  { route: 'GET /public/schools/:schoolId', path: '/public/schools/999999999', access: 'public', status: 404 },
  // Outcomes: stewards request runs and release them (aimed at none here); the public reads released values without signing in.
  { route: 'POST /outcomes/runs', body: {}, access: STEWARDS, status: 400 },
  { route: 'GET /outcomes/runs', access: STEWARDS, status: 200 },
  { route: 'GET /outcomes/requests/:id', path: '/outcomes/requests/424242', access: STEWARDS, status: 404 },
  { route: 'POST /outcomes/runs/:runId/release', path: '/outcomes/runs/424242/release', access: STEWARDS, status: 404 },
  { route: 'GET /public/indicators', access: 'public', status: 200 },
  { route: 'GET /public/indicators/:indicator', path: '/public/indicators/no-such-indicator', access: 'public', status: 404 },
  { route: 'GET /public/schools/:schoolId/indicators', path: '/public/schools/255901001/indicators', access: 'public', status: 200 },
  { route: 'GET /public/districts/:districtId/indicators', path: '/public/districts/255901/indicators', access: 'public', status: 200 },
  { route: 'GET /public/state/indicators', access: 'public', status: 200 },
  // Console sign-in (OpenID Connect): open routes that redirect to the identity provider and back (a callback no sign-in started goes back to the console).
  { route: 'GET /auth/sign-in', access: 'public', status: 302 },
  { route: 'GET /auth/callback', access: 'public', status: 302 },
  // A client's bearer token is no console session: sign-out has nothing to end, and there is no session to describe.
  { route: 'POST /auth/sign-out', access: ROLES, status: 204 },
  { route: 'GET /auth/session', access: ROLES, status: 401 },
  { route: 'GET /console/people', access: STEWARDS, status: 200 },
  {
    route: 'POST /console/people',
    body: { issuer: 'https://idp.example.gov', subject: 'matrix-person', role: 'agency', organizationId: 'dcfs', displayName: 'Matrix person' },
    access: STEWARDS,
    status: 201,
  },
  { route: 'DELETE /console/people/:personId', path: '/console/people/lp_nobody', access: STEWARDS, status: 404 },
  // The early-warning watch list: the school itself or its district, under an early-warning agreement; thresholds: the district itself or a steward.
  {
    route: 'GET /early-warning/schools/:schoolId/watch-list',
    path: `/early-warning/schools/${GRAND_BEND.schoolId}/watch-list`,
    access: [Role.School, Role.District],
    status: 200,
    withoutAgreement: { [Role.School]: 403, [Role.District]: 403 },
  },
  { route: 'GET /early-warning/districts/:districtId/thresholds', path: `/early-warning/districts/${GRAND_BEND.districtId}/thresholds`, access: [Role.District, Role.Steward], status: 200 },
  {
    route: 'PUT /early-warning/districts/:districtId/thresholds',
    path: `/early-warning/districts/${GRAND_BEND.districtId}/thresholds`,
    body: DEFAULT_THRESHOLDS,
    access: [Role.District, Role.Steward],
    status: 200,
  },
];

/** Swagger UI and the OpenAPI document are served by express middleware beside Nest's router: public by design. */
const DOCUMENTATION_ROUTE = /^GET \/docs(\/.*|-json|-yaml)?$/;
/** The public web pages' index.html (served only where the web app is built): public by design, and no API route. */
const WEB_PAGES_ROUTE = `GET ${String(WEB_PAGE_ROUTES)}`;

function expectedStatus(row: RouteRow, caller: Caller, agreement: boolean): number {
  const permitted = row.access === 'public' || (caller !== 'anonymous' && row.access.includes(caller));
  if (!permitted) return caller === 'anonymous' ? 401 : 403;
  const refusedByPolicy = agreement ? undefined : row.withoutAgreement?.[caller];
  return refusedByPolicy ?? (typeof row.status === 'number' ? row.status : (row.status[caller] as number));
}

/** The concrete values in `path` of the template's :parameters (e.g. a studentUniqueId). */
function parameterValues(template: string, path: string): string[] {
  const concrete = path.split('/');
  return template.split('/').flatMap((segment, index) => (segment.startsWith(':') ? [concrete[index]] : []));
}

/** Every method and path the running application answers, read from the express router. */
function servedRoutes(app: INestApplication): string[] {
  const router = app.getHttpAdapter().getInstance().router as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  return router.stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route?.path}`) : []));
}

describe.each([
  { agreement: true, state: 'with an active agreement for the school and district' },
  { agreement: false, state: 'without any agreement' },
])('authorization matrix: every route × every role, $state', ({ agreement }) => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let identityProvider: DevelopmentIdentityProvider;
  const authorization = new Map<Caller, string | undefined>();

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const prefix = testTopicPrefix();
    await storeK12Fixture(dataSource, prefix);
    // The console's routes are served only with an identity provider configured.
    identityProvider = await startDevelopmentIdentityProvider({ people: [], redirectUris: [TEST_REDIRECT_URI] });
    app = await createApi(
      testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest`, ...consoleSettingsFor(identityProvider) }),
      logger,
    );
    await app.init();
    const organizationOf: Record<Role, string> = {
      [Role.Steward]: 'sea',
      [Role.Researcher]: 'university-7',
      [Role.Agency]: 'dcfs',
      [Role.School]: String(GRAND_BEND.schoolId),
      [Role.District]: String(GRAND_BEND.districtId),
    };
    authorization.set('anonymous', undefined);
    for (const role of ROLES) authorization.set(role, await bearerFor(app, dataSource, role, organizationOf[role]));
    if (agreement) await draftAgreement(app, authorization.get(Role.Steward) as string, enrolledStudentRecordsTerms([organizationOf[Role.School], organizationOf[Role.District]]));
    if (agreement) await draftAgreement(app, authorization.get(Role.Steward) as string, earlyWarningTerms([organizationOf[Role.School], organizationOf[Role.District]]));
  });

  afterAll(async () => {
    await app?.close();
    await identityProvider?.stop();
    await database?.drop();
  });

  it('has a row for every route the API serves, and no row for a route it does not serve', () => {
    const served = servedRoutes(app).filter((route) => !DOCUMENTATION_ROUTE.test(route) && route !== WEB_PAGES_ROUTE);
    expect([...served].sort()).toEqual(MATRIX.map((row) => row.route).sort());
  });

  const cases = MATRIX.flatMap((row) => CALLERS.map((caller) => ({ row, caller, status: expectedStatus(row, caller, agreement) })));

  it.each(cases)('$row.route as $caller → $status', async ({ row, caller, status }) => {
    const [method, template] = row.route.split(' ');
    const path = row.path ?? template;
    let call =
      method === 'GET'
        ? request(app.getHttpServer()).get(path)
        : method === 'DELETE'
          ? request(app.getHttpServer()).delete(path)
          : request(app.getHttpServer())
              [method === 'PUT' ? 'put' : 'post'](path)
              .send(row.body ?? {});
    const header = authorization.get(caller);
    if (header) call = call.set('Authorization', header);
    const response = await call;
    expect(response.status).toBe(status);
    if (status === 401 || status === 403) {
      // A refusal says only that the caller may not: nothing about the records behind the route.
      expect(response.body.type).toBe(status === 401 ? 'urn:lantern:problem:unauthenticated' : 'urn:lantern:problem:forbidden');
      for (const value of parameterValues(template, path)) expect(JSON.stringify(response.body)).not.toContain(value);
    }
  });

  it('serves the API documentation without credentials', async () => {
    await request(app.getHttpServer()).get('/docs').expect(200);
    const openApi = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(openApi.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
