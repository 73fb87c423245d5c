import type { INestApplication } from '@nestjs/common';
import { PeopleRegistry } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { Role, ROLES } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { type DevelopmentIdentityProvider, startDevelopmentIdentityProvider } from '@lantern/test-environment';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { bearerFor, testApiSettings } from '../access/testing/access-test-kit';
import { draftAgreement, enrolledStudentRecordsTerms } from '../access/testing/agreement-fixtures';
import { GRAND_BEND, storeK12Fixture, STUDENTS } from '../access/testing/k12-fixtures';
import { createApi } from '../create-api';
import { consoleSettingsFor, signInThroughProvider, TEST_REDIRECT_URI } from './testing/console-test-kit';

const logger = createJsonLogger('console-sign-in-test', 'error');

const ORGANIZATION_OF: Record<Role, string> = {
  [Role.Steward]: 'sea',
  [Role.Researcher]: 'university-7',
  [Role.Agency]: 'dcfs',
  [Role.School]: String(GRAND_BEND.schoolId),
  [Role.District]: String(GRAND_BEND.districtId),
};

/** A route each role may call (with its answer there) and one it may not. */
const ROUTES_OF: Record<Role, { allowed: [string, number]; refused: string }> = {
  [Role.Steward]: { allowed: ['/clients', 200], refused: '/care/inbox' },
  [Role.Researcher]: { allowed: ['/research/projects', 200], refused: '/clients' },
  [Role.Agency]: { allowed: ['/care/flags/no-such-flag', 404], refused: '/research/projects' },
  [Role.School]: { allowed: ['/care/inbox', 200], refused: '/console/people' },
  [Role.District]: { allowed: ['/care/inbox', 200], refused: '/ingest/status' },
};

const subjectOf = (role: Role) => `demo-${role}`;
const nameOf = (role: Role) => `Demo ${role}`;

describe('people sign in to the console with OpenID Connect (ADR 0023)', () => {
  let database: MigratedTestDatabase;
  let provider: DevelopmentIdentityProvider;
  let app: INestApplication;
  let stewardBearer: string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    const prefix = testTopicPrefix();
    await storeK12Fixture(database.dataSource, prefix);
    provider = await startDevelopmentIdentityProvider({
      people: [...ROLES.map((role) => ({ subject: subjectOf(role), name: nameOf(role), description: role })), { subject: 'stranger', name: 'Not registered', description: 'nobody' }],
      redirectUris: [TEST_REDIRECT_URI],
    });
    const people = new PeopleRegistry(database.dataSource, new AuditLog(database.dataSource));
    for (const role of ROLES) {
      await people.add({ issuer: provider.issuer, subject: subjectOf(role), role, organizationId: ORGANIZATION_OF[role], displayName: nameOf(role) }, 'test');
    }
    // The API logs in as the services' role (database.url), which gets its rights on the new tables by default privileges.
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, ...consoleSettingsFor(provider) }), logger);
    await app.init();
    stewardBearer = await bearerFor(app, database.dataSource, Role.Steward, 'sea');
    await draftAgreement(app, stewardBearer, enrolledStudentRecordsTerms([ORGANIZATION_OF[Role.School]]));
  });

  afterAll(async () => {
    await app?.close();
    await provider?.stop();
    await database?.drop();
  });

  const http = () => request(app.getHttpServer());
  const signIn = async (role: Role) => {
    const answer = await signInThroughProvider(app, subjectOf(role));
    expect(answer.location).toBe('/console');
    const cookie = answer.sessionCookie as string;
    const session = await http().get('/auth/session').set('Cookie', cookie).expect(200);
    return { cookie, csrfToken: session.body.csrfToken as string, session: session.body };
  };
  const auditEntries = (kind: string): Promise<Array<{ actor: string; subject: string; details: Record<string, unknown> }>> =>
    database.dataSource.query(`SELECT actor, subject, details FROM audit_entry WHERE kind = $1 ORDER BY id`, [kind]);

  it.each(ROLES)('signs a %s in: the session says who they are, and their requests pass that role’s guards and no other’s', async (role) => {
    const { cookie, csrfToken, session } = await signIn(role);
    expect(session).toEqual({ personId: expect.stringMatching(/^lp_/), displayName: nameOf(role), role, organizationId: ORGANIZATION_OF[role], csrfToken: expect.any(String) });
    const [route, status] = ROUTES_OF[role].allowed;
    await http().get(route).set('Cookie', cookie).expect(status);
    const refused = await http().get(ROUTES_OF[role].refused).set('Cookie', cookie).expect(403);
    expect(refused.body.type).toBe('urn:lantern:problem:forbidden');
    expect(csrfToken).not.toBe(cookie.split('=')[1]);
    const [login] = (await auditEntries('login')).filter((entry) => entry.actor === `person:${session.personId}`);
    expect(login.details).toMatchObject({ method: 'oidc', role, organizationId: ORGANIZATION_OF[role], issuer: provider.issuer });
  });

  it('refuses a person the hub does not know: no session, the console says why, and the refusal is audited', async () => {
    const answer = await signInThroughProvider(app, 'stranger');
    expect(answer).toEqual({ location: '/console?signIn=not-registered', sessionCookie: undefined });
    const refusals = await auditEntries('login-refused');
    expect(refusals.at(-1)).toMatchObject({ actor: 'anonymous', subject: 'oidc:stranger', details: { method: 'oidc', reason: 'not-registered', issuer: provider.issuer } });
  });

  it('refuses a callback that no sign-in in this browser started (state and PKCE verifier missing)', async () => {
    const answer = await http().get('/auth/callback?code=forged&state=forged').expect(302);
    expect(answer.headers.location).toBe('/console?signIn=failed');
    expect(answer.headers['set-cookie']?.toString() ?? '').not.toContain('lantern_session=;');
  });

  it('refuses a change without the session’s CSRF token or with a wrong one (403), and makes it with the token, audited under the person', async () => {
    const { cookie, csrfToken, session } = await signIn(Role.Steward);
    const person = { issuer: 'https://idp.example.gov', subject: 'new-school-counsellor', role: Role.School, organizationId: String(GRAND_BEND.schoolId), displayName: 'School counsellor' };
    const without = await http().post('/console/people').set('Cookie', cookie).send(person).expect(403);
    expect(without.body.type).toBe('urn:lantern:problem:csrf_token_required');
    const wrong = await http()
      .post('/console/people')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', `${csrfToken.slice(0, -2)}xx`)
      .send(person)
      .expect(403);
    expect(wrong.body.type).toBe('urn:lantern:problem:csrf_token_required');
    expect((await http().get('/console/people').set('Authorization', stewardBearer).expect(200)).body).not.toContainEqual(expect.objectContaining({ subject: person.subject }));
    const added = await http().post('/console/people').set('Cookie', cookie).set('X-CSRF-Token', csrfToken).send(person).expect(201);
    expect(added.body).toMatchObject({ ...person, personId: expect.stringMatching(/^lp_/), createdBy: `person:${session.personId}` });
    expect((await auditEntries('person-added')).at(-1)).toMatchObject({ actor: `person:${session.personId}`, subject: `person:${added.body.personId}` });
    // A bearer client's changes need no CSRF token: no browser sends its token on its own.
    await http().delete(`/console/people/${added.body.personId}`).set('Authorization', stewardBearer).expect(204);
  });

  it('records a person’s read of a child’s records in the record of disclosures under the person, as for a client', async () => {
    const { cookie, session } = await signIn(Role.School);
    const read = await http().get(`/k12/students/${STUDENTS.grandBend}`).set('Cookie', cookie).expect(200);
    const [{ sid }]: Array<{ sid: string }> = await database.dataSource.query(`SELECT sid FROM identity_record WHERE local_id = $1`, [STUDENTS.grandBend]);
    const { disclosures } = (await http().get(`/disclosures/students/${sid}`).set('Authorization', stewardBearer).expect(200)).body;
    expect(disclosures[0]).toMatchObject({ id: read.body.release.disclosureId, recipient: { organizationId: ORGANIZATION_OF[Role.School], clientId: `person:${session.personId}` } });
    const audited = (await auditEntries('disclosure')).filter((entry) => entry.actor === `person:${session.personId}`);
    expect(audited).toHaveLength(1);
  });

  it('ends a session left idle longer than CONSOLE_SESSION_IDLE_MINUTES (401), and forgets it', async () => {
    const { cookie } = await signIn(Role.Researcher);
    await http().get('/research/projects').set('Cookie', cookie).expect(200);
    // As if the person had left the page for 16 minutes (the default idle timeout is 15).
    await database.owner.query(`UPDATE console_session SET last_seen_at = now() - interval '16 minutes' WHERE last_seen_at = (SELECT max(last_seen_at) FROM console_session)`);
    const idle = await http().get('/research/projects').set('Cookie', cookie).expect(401);
    expect(idle.body.detail).toContain('sign in again');
    await http().get('/auth/session').set('Cookie', cookie).expect(401);
  });

  it('signs out: the session ends at once and the cookie is cleared; sign-out needs the CSRF token too', async () => {
    const { cookie, csrfToken, session } = await signIn(Role.Agency);
    await http().post('/auth/sign-out').set('Cookie', cookie).expect(403);
    const signedOut = await http().post('/auth/sign-out').set('Cookie', cookie).set('X-CSRF-Token', csrfToken).expect(204);
    expect(String(signedOut.headers['set-cookie'])).toMatch(/lantern_session=;.*Expires=Thu, 01 Jan 1970/);
    await http().get('/auth/session').set('Cookie', cookie).expect(401);
    expect((await auditEntries('logout')).at(-1)).toMatchObject({ actor: `person:${session.personId}` });
  });

  it('sets the session cookie HttpOnly, Secure, SameSite=Lax, Path=/, and sends sign-in to the provider with PKCE, state and nonce', async () => {
    const start = await http().get('/auth/sign-in').expect(302);
    const authorization = new URL(start.headers.location as string);
    expect(authorization.href.startsWith(provider.issuer)).toBe(true);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: TEST_REDIRECT_URI,
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: expect.any(String),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    const signInCookie = String(start.headers['set-cookie']);
    expect(signInCookie).toMatch(/^lantern_sign_in=[^;]+; Max-Age=600; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
    const { sessionCookie } = await signInThroughProvider(app, subjectOf(Role.District));
    expect(sessionCookie).toMatch(/^lantern_session=[A-Za-z0-9_-]{43}$/);
  });

  it('removing a person ends their sessions at once', async () => {
    const { cookie, session } = await signIn(Role.District);
    await http().delete(`/console/people/${session.personId}`).set('Authorization', stewardBearer).expect(204);
    await http().get('/care/inbox').set('Cookie', cookie).expect(401);
    expect((await auditEntries('person-removed')).at(-1)).toMatchObject({ subject: `person:${session.personId}` });
  });

  it('serves no console routes without an identity provider configured', async () => {
    const withoutConsole = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: testTopicPrefix() }), logger);
    await withoutConsole.init();
    try {
      await request(withoutConsole.getHttpServer()).get('/auth/sign-in').expect(404);
      await request(withoutConsole.getHttpServer()).get('/console/people').set('Authorization', stewardBearer).expect(404);
    } finally {
      await withoutConsole.close();
    }
  });

  it('refuses to start in production with the development identity provider: one line, exit 78', () => {
    const root = path.resolve(__dirname, '../../../..');
    const started = spawnSync(process.execPath, ['-r', path.join(root, 'tools/register.js'), path.join(root, 'apps/api/src/main.ts')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        KAFKA_BROKERS: '127.0.0.1:9',
        LANTERN_DEV_EPHEMERAL_KEYS: 'true',
        API_PORT: '0',
        ...consoleSettingsFor(provider),
      },
    });
    expect(started.stderr).toBe('Invalid configuration: OIDC_ISSUER is the development identity provider, which a production API (NODE_ENV=production) refuses\n');
    expect(started.status).toBe(78);
  });
});
