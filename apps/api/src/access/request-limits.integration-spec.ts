import type { INestApplication } from '@nestjs/common';
import { Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApi } from '../create-api';
import { flagFor, handleWithCareTerms, registerHandleWithCareAgreement, SHERIFF } from '../care/testing/care-fixtures';
import { bearerFor, registerTestClient, testApiSettings } from './testing/access-test-kit';

const logger = createJsonLogger('request-limits-test', 'error');

describe('request limits on the token endpoint and on flag issuance (real API and PostgreSQL)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  const apps: INestApplication[] = [];

  /** An API with these limits, as a deployment would configure them. */
  async function apiWith(limits: Record<string, string>): Promise<INestApplication> {
    const app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: testTopicPrefix(), ...limits }), logger);
    await app.init();
    apps.push(app);
    return app;
  }

  const tokenRequest = (app: INestApplication, clientId: string, secret: string, from?: string) => {
    const pending = request(app.getHttpServer()).post('/oauth/token').auth(clientId, secret).type('form');
    return (from ? pending.set('X-Forwarded-For', from) : pending).send({ grant_type: 'client_credentials' });
  };
  const refusedLogins = async (actor: string): Promise<number> =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM audit_entry WHERE kind = 'login-refused' AND actor = $1`, [actor]))[0].n);

  let flagSerial = 0;
  /** A flag the agreement allows, for a child no school knows: what becomes of it is the care tests' concern, only the limit is here. */
  const issueFlag = (app: INestApplication, bearer: string, from?: string) => {
    const pending = request(app.getHttpServer()).post('/care/flags').set('Authorization', bearer);
    return (from ? pending.set('X-Forwarded-For', from) : pending).send(flagFor({ firstName: 'Robin', lastSurname: 'Example', birthDate: '2014-05-06' }, `limit-${++flagSerial}`));
  };
  /** Bearer tokens of agency clients of the sheriff's office (each its own client). */
  const sheriffClients = (app: INestApplication, count: number) => Promise.all(Array.from({ length: count }, () => bearerFor(app, dataSource, Role.Agency, SHERIFF)));

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const app = await apiWith({});
    await registerHandleWithCareAgreement(app, await bearerFor(app, dataSource, Role.Steward, 'sea'), handleWithCareTerms(['255950']));
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it('answers the (N+1)th failed token request of one client with 429 and Retry-After, unaudited; other clients go on; the right secret works after the window', async () => {
    const app = await apiWith({ API_LIMIT_WINDOW_SECONDS: '2', API_TOKEN_FAILURES_PER_CLIENT: '3' });
    const [guessed, other] = [await registerTestClient(dataSource, Role.Agency, 'sheriff'), await registerTestClient(dataSource, Role.Agency, 'dcfs')];

    for (let attempt = 1; attempt <= 3; attempt++) await tokenRequest(app, guessed.clientId, `guess-${attempt}`).expect(401);
    const limited = await tokenRequest(app, guessed.clientId, 'guess-4').expect(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ type: 'urn:lantern:problem:too_many_requests', status: 429, instance: '/oauth/token' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    // Locked for the window whatever the secret: guessing on gains nothing.
    await tokenRequest(app, guessed.clientId, guessed.clientSecret).expect(429);
    expect(await refusedLogins(guessed.clientId)).toBe(3);

    await tokenRequest(app, other.clientId, 'wrong').expect(401);
    await tokenRequest(app, other.clientId, other.clientSecret).expect(200);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    await tokenRequest(app, guessed.clientId, guessed.clientSecret).expect(200);
  });

  it('answers flag issuance over the issuing client’s limit with 429 and Retry-After, and leaves another agency alone', async () => {
    const app = await apiWith({ API_CARE_FLAGS_PER_CLIENT: '2' });
    const [busy, quiet] = await sheriffClients(app, 2);

    for (let flag = 1; flag <= 2; flag++) expect((await issueFlag(app, busy)).status).toBe(201);
    const limited = await issueFlag(app, busy).expect(429);
    expect(limited.body).toMatchObject({ type: 'urn:lantern:problem:too_many_requests' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await issueFlag(app, quiet)).status).toBe(201);
  });

  it('limits flag issuance per address, which X-Forwarded-For cannot change unless proxies are trusted', async () => {
    const app = await apiWith({ API_CARE_FLAGS_PER_ADDRESS: '2' });
    const [first, second] = await sheriffClients(app, 2);

    expect((await issueFlag(app, first, '198.51.100.1')).status).toBe(201);
    expect((await issueFlag(app, second, '198.51.100.2')).status).toBe(201);
    await issueFlag(app, second, '198.51.100.3').expect(429);
  });

  describe('behind a trusted proxy (API_TRUSTED_PROXY_HOPS=1)', () => {
    let app: INestApplication;
    let base: string;

    beforeAll(async () => {
      app = await apiWith({ API_TRUSTED_PROXY_HOPS: '1', API_TOKEN_REQUESTS_PER_ADDRESS: '3', API_SECRET_CHECKS_AT_ONCE: '1', API_SECRET_CHECKS_QUEUED: '0' });
      await app.listen(0, '127.0.0.1');
      base = await app.getUrl();
    });

    it('counts every token request per caller address, so one address cannot spend the secret checks and audit writes of others', async () => {
      const before = await refusedLogins('anonymous');
      for (let attempt = 1; attempt <= 3; attempt++) await tokenRequest(app, `lc_guess-${attempt}`, 'guess', '203.0.113.7').expect(401);
      const limited = await tokenRequest(app, 'lc_guess-4', 'guess', '203.0.113.7').expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await tokenRequest(app, 'lc_guess-5', 'guess', '203.0.113.8').expect(401);
      expect((await refusedLogins('anonymous')) - before).toBe(4);
    });

    it('checks at most the configured number of secrets at once and refuses the overflow with 503 and Retry-After', async () => {
      const before = await refusedLogins('anonymous');
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, caller) =>
          fetch(`${base}/oauth/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': `192.0.2.${caller + 1}` },
            body: new URLSearchParams({ grant_type: 'client_credentials', client_id: `lc_flood-${caller}`, client_secret: 'guess' }),
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.every((status) => status === 401 || status === 503)).toBe(true);
      const overflow = answers.filter((answer) => answer.status === 503);
      expect(overflow.length).toBeGreaterThan(0);
      expect(overflow[0].headers.get('retry-after')).toBe('1');
      expect(await overflow[0].json()).toMatchObject({ type: 'urn:lantern:problem:overloaded', status: 503 });
      // Only the checks that ran were audited.
      expect((await refusedLogins('anonymous')) - before).toBe(statuses.filter((status) => status === 401).length);
    });
  });
});
