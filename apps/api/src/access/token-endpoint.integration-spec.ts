import type { INestApplication } from '@nestjs/common';
import { AccessTokens, generateCertificateAuthority, SigningKeyRing, signingKeyFromPem } from '@lantern/access';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApi } from '../create-api';
import { accessTokenFor, registerTestClient, testApiSettings, type TestClient } from './testing/access-test-kit';
import { draftAgreement, enrolledStudentRecordsTerms } from './testing/agreement-fixtures';
import { GRAND_BEND, RIVERSIDE, storeK12Fixture, STUDENTS } from './testing/k12-fixtures';

const logger = createJsonLogger('token-endpoint-test', 'error');

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
}

describe('POST /oauth/token (OAuth2 client credentials)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let school: TestClient;
  let steward: TestClient;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const prefix = testTopicPrefix();
    await storeK12Fixture(dataSource, prefix);
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix }), logger);
    await app.init();
    school = await registerTestClient(dataSource, Role.School, String(GRAND_BEND.schoolId));
    steward = await registerTestClient(dataSource, Role.Steward, 'sea');
    // Record reads need an agreement in force: both schools have one, so only the scope decides.
    await draftAgreement(app, `Bearer ${await accessTokenFor(app, steward)}`, enrolledStudentRecordsTerms([String(GRAND_BEND.schoolId), String(RIVERSIDE.schoolId)]));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const token = () => request(app.getHttpServer()).post('/oauth/token');

  it('issues a 15-minute ES256 bearer token for HTTP Basic credentials, not to be cached', async () => {
    const response = await token().auth(school.clientId, school.clientSecret).type('form').send({ grant_type: 'client_credentials' }).expect(200);
    expect(response.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 900 });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(headerOf(response.body.access_token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.stringMatching(/^ephemeral-/) });
    const claims = claimsOf(response.body.access_token);
    expect(claims).toMatchObject({ sub: school.clientId, client_id: school.clientId });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
  });

  it('accepts the credentials in a form body and in a JSON body too', async () => {
    await token().type('form').send({ grant_type: 'client_credentials', client_id: school.clientId, client_secret: school.clientSecret }).expect(200);
    await token().send({ grant_type: 'client_credentials', client_id: school.clientId, client_secret: school.clientSecret }).expect(200);
  });

  it('refuses a wrong secret and an unknown client alike, with RFC 6749 invalid_client and a Basic challenge', async () => {
    const wrong = await token().auth(school.clientId, 'not-the-secret').type('form').send({ grant_type: 'client_credentials' }).expect(401);
    const unknown = await token().auth('lc_nobody', school.clientSecret).type('form').send({ grant_type: 'client_credentials' }).expect(401);
    expect(wrong.body).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers['www-authenticate']).toBe('Basic realm="lantern"');
    expect(wrong.headers['cache-control']).toBe('no-store');
    await token().type('form').send({ grant_type: 'client_credentials' }).expect(401);
  });

  it('refuses other grant types and malformed requests with 400', async () => {
    const password = await token().auth(school.clientId, school.clientSecret).type('form').send({ grant_type: 'password', username: 'x', password: 'y' }).expect(400);
    expect(password.body.error).toBe('unsupported_grant_type');
    expect((await token().auth(school.clientId, school.clientSecret).type('form').send({}).expect(400)).body.error).toBe('invalid_request');
    const twice = await token().auth(school.clientId, school.clientSecret).type('form').send({ grant_type: 'client_credentials', client_id: school.clientId }).expect(400);
    expect(twice.body.error).toBe('invalid_request');
    expect(
      (
        await token()
          .send({ grant_type: 'client_credentials', client_id: ['a'], client_secret: 'b' })
          .expect(400)
      ).body.error,
    ).toBe('invalid_request');
  });

  it('never lets a request raise its role or change its organisation', async () => {
    const response = await token()
      .auth(school.clientId, school.clientSecret)
      .type('form')
      .send({ grant_type: 'client_credentials', role: 'steward', organization_id: String(RIVERSIDE.schoolId), organizationId: 'sea', scope: `steward ${RIVERSIDE.schoolId}` })
      .expect(200);
    const claims = claimsOf(response.body.access_token);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub']);
    const bearer = `Bearer ${response.body.access_token}`;
    await request(app.getHttpServer()).get('/clients').set('Authorization', bearer).expect(403);
    await request(app.getHttpServer()).get(`/k12/students/${STUDENTS.riverside}`).set('Authorization', bearer).expect(404);
    await request(app.getHttpServer()).get(`/k12/students/${STUDENTS.grandBend}`).set('Authorization', bearer).expect(200);
  });

  it('refuses a token whose claims were edited (e.g. to name a steward client)', async () => {
    const [header, , signature] = (await accessTokenFor(app, school)).split('.');
    const claims = Buffer.from(JSON.stringify({ ...claimsOf(await accessTokenFor(app, school)), sub: steward.clientId })).toString('base64url');
    const response = await request(app.getHttpServer()).get('/clients').set('Authorization', `Bearer ${header}.${claims}.${signature}`).expect(401);
    expect(response.body).toMatchObject({ type: 'urn:lantern:problem:unauthenticated', status: 401 });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="lantern"');
  });

  it('stops a disabled client at once: its tokens fail on the next request and it gets no new one', async () => {
    const agency = await registerTestClient(dataSource, Role.Agency, 'dcfs');
    const agencyToken = await accessTokenFor(app, agency);
    const stewardToken = `Bearer ${await accessTokenFor(app, steward)}`;
    await request(app.getHttpServer()).post(`/clients/${agency.clientId}/disable`).set('Authorization', stewardToken).expect(200);
    // Any authenticated route shows the token is dead: a 401, not the agency's usual 403.
    await request(app.getHttpServer()).get('/ingest/status').set('Authorization', `Bearer ${agencyToken}`).expect(401);
    await token().auth(agency.clientId, agency.clientSecret).type('form').send({ grant_type: 'client_credentials' }).expect(401);
  });

  it('audits every token issued and refused, without secrets or tokens', async () => {
    const entries: Array<{ kind: string; actor: string; subject: string | null; details: Record<string, unknown> }> = await dataSource.query(
      `SELECT kind, actor, subject, details FROM audit_entry WHERE kind IN ('login', 'login-refused') ORDER BY id`,
    );
    expect(entries).toEqual(
      expect.arrayContaining([
        {
          kind: 'login',
          actor: school.clientId,
          subject: school.clientId,
          details: expect.objectContaining({ method: 'client-secret', role: 'school', organizationId: String(GRAND_BEND.schoolId) }),
        },
        { kind: 'login-refused', actor: school.clientId, subject: school.clientId, details: { method: 'client-secret', reason: 'wrong-secret' } },
        { kind: 'login-refused', actor: 'anonymous', subject: null, details: { method: 'client-secret', reason: 'unknown-client' } },
        { kind: 'login-refused', actor: expect.stringMatching(/^lc_/), subject: expect.stringMatching(/^lc_/), details: { method: 'client-secret', reason: 'disabled' } },
      ]),
    );
    const audited = JSON.stringify(entries);
    expect(audited).not.toContain(school.clientSecret);
    expect(audited).not.toContain('lc_nobody');
  });
});

describe('signing key rotation by kid, without downtime', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let steward: TestClient;
  const [first, second] = ['2026-11-a', '2027-02-a'].map((kid) => ({ kid, key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }) }));
  const pem = (entry: typeof first) => entry.key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  // Production configures its CA too; without LANTERN_DEV_EPHEMERAL_KEYS nothing is generated.
  const ca = generateCertificateAuthority('Rotation test CA');
  const caSettings = { LANTERN_CA_CERT_PEM: ca.certificatePem, LANTERN_CA_KEY_PEM: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };

  /** An API instance with these keys configured, as a deployment would have them. */
  async function apiWith(keys: object[], activeKid: string): Promise<INestApplication> {
    const app = await createApi(
      testApiSettings({
        DATABASE_URL: database.url,
        ...testKafkaEnvironment(),
        LANTERN_DEV_EPHEMERAL_KEYS: 'false',
        LANTERN_JWT_KEYS: JSON.stringify(keys),
        LANTERN_JWT_ACTIVE_KID: activeKid,
        ...caSettings,
      }),
      logger,
    );
    await app.init();
    return app;
  }
  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    steward = await registerTestClient(dataSource, Role.Steward, 'sea');
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function statusWith(app: INestApplication, accessToken: string): Promise<number> {
    return (await request(app.getHttpServer()).get('/clients').set('Authorization', `Bearer ${accessToken}`)).status;
  }

  it('keeps accepting tokens of the old key after the active key changes, and refuses them once the key is removed', async () => {
    const before = await apiWith([{ kid: first.kid, privateKeyPem: pem(first) }], first.kid);
    const oldToken = await accessTokenFor(before, steward);
    expect(headerOf(oldToken).kid).toBe(first.kid);
    await before.close();

    // Rotation: the new key signs, the old one (public half only) still verifies.
    const publicOnly = first.key.publicKey.export({ type: 'spki', format: 'pem' });
    const during = await apiWith(
      [
        { kid: first.kid, publicKeyPem: publicOnly },
        { kid: second.kid, privateKeyPem: pem(second) },
      ],
      second.kid,
    );
    const newToken = await accessTokenFor(during, steward);
    expect(headerOf(newToken).kid).toBe(second.kid);
    expect(await statusWith(during, oldToken)).toBe(200);
    expect(await statusWith(during, newToken)).toBe(200);
    await during.close();

    const after = await apiWith([{ kid: second.kid, privateKeyPem: pem(second) }], second.kid);
    expect(await statusWith(after, oldToken)).toBe(401);
    expect(await statusWith(after, newToken)).toBe(200);
    await after.close();
  });

  it('refuses an expired token, telling the client to ask for a new one', async () => {
    const app = await apiWith([{ kid: first.kid, privateKeyPem: pem(first) }], first.kid);
    try {
      const anHourAgo = new Date(Date.now() - 3600_000);
      const keys = SigningKeyRing.of([signingKeyFromPem(first.kid, { privateKeyPem: pem(first) })], first.kid);
      const expired = new AccessTokens(keys, 900, () => anHourAgo).issue(steward.clientId).accessToken;
      const response = await request(app.getHttpServer()).get('/clients').set('Authorization', `Bearer ${expired}`).expect(401);
      expect(response.body.detail).toBe('The access token has expired; request a new one at POST /oauth/token.');
    } finally {
      await app.close();
    }
  });
});
