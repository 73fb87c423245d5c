import type { INestApplication } from '@nestjs/common';
import { Role } from '@lantern/governance';
import { canLogIn, connectProducer, createKafka, type KafkaConnection } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, eventually, type MigratedTestDatabase, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import { bearerFor, testApiSettings } from '../access/testing/access-test-kit';
import { createApi } from '../create-api';

const quick = { connectionTimeoutMs: 3_000, requestTimeoutMs: 5_000, retries: 0 };

/** The connection a registration's answer gives its producer. */
const loginOf = (registered: { username: string; password: string }): KafkaConnection => {
  const hub = testKafka();
  return { brokers: hub.brokers, security: { caPem: hub.security!.caPem, username: registered.username, password: registered.password } };
};

async function publishAs(connection: KafkaConnection, topic: string): Promise<void> {
  const producer = await connectProducer(createKafka(connection, 'producers-route-test', undefined, quick));
  try {
    await producer.send({ topic, messages: [{ key: 'k', value: '{}' }] });
  } finally {
    await producer.disconnect();
  }
}

describe('POST and GET /ingest/producers: a steward registers a producing system over HTTP (ADR 0017)', () => {
  jest.setTimeout(120_000);
  let database: MigratedTestDatabase;
  let app: INestApplication;
  let steward: string;
  const logLines: string[] = [];
  const run = Date.now().toString(36);
  const register = (body: object) => request(app.getHttpServer()).post('/ingest/producers').set('Authorization', steward).send(body);

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    const prefix = testTopicPrefix();
    const logger = createJsonLogger('producers-route-test', 'debug', { write: (line: string) => void logLines.push(line) });
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest` }), logger);
    await app.init();
    steward = await bearerFor(app, database.dataSource, Role.Steward, 'sea');
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers with a login that writes its own topics and no other producer’s; the password once, stored and logged nowhere', async () => {
    const first = await register({ producerId: `district-a-${run}`, sourceSystems: ['lea-255901.sis'], agencyIds: [] }).expect(201);
    const second = await register({ producerId: `district-b-${run}`, sourceSystems: ['lea-255902.sis'] }).expect(201);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toMatchObject({ producerId: `district-a-${run}`, username: `producer-district-a-${run}`, sourceSystems: ['lea-255901.sis'], agencyIds: [] });
    expect(first.body.password).toEqual(expect.any(String));
    expect(first.body.topics.every((topic: string) => topic.startsWith(first.body.topicPrefix))).toBe(true);
    const ownStudents = first.body.topics.find((topic: string) => topic.endsWith('ingest.k12.student.v1'));
    const othersStudents = second.body.topics.find((topic: string) => topic.endsWith('ingest.k12.student.v1'));

    await expect(publishAs(loginOf(first.body), ownStudents)).resolves.toBeUndefined();
    await expect(publishAs(loginOf(first.body), othersStudents)).rejects.toThrow(/authori[sz]/i);

    const listed = await request(app.getHttpServer()).get('/ingest/producers').set('Authorization', steward).expect(200);
    expect(listed.body.producers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          producerId: `district-a-${run}`,
          username: `producer-district-a-${run}`,
          topicPrefix: first.body.topicPrefix,
          registeredBy: expect.stringMatching(/^lc_/),
        }),
        expect.objectContaining({ producerId: `district-b-${run}`, sourceSystems: ['lea-255902.sis'] }),
      ]),
    );
    const everything = JSON.stringify(listed.body) + JSON.stringify(await database.dataSource.query(`SELECT * FROM producing_system`)) + logLines.join('\n');
    expect(everything).not.toContain(first.body.password);
    expect(everything).not.toContain('password');
    const audited: Array<{ actor: string; details: string }> = await database.dataSource.query(
      `SELECT actor, details::text FROM audit_entry WHERE kind = 'producer-registered' AND subject = $1`,
      [`district-a-${run}`],
    );
    expect(audited).toEqual([{ actor: expect.stringMatching(/^lc_/), details: expect.stringContaining('lea-255901.sis') }]);
    expect(audited[0].details).not.toContain(first.body.password);
  });

  it('gives a new password when a producer is registered again, and the old one stops working', async () => {
    const body = { producerId: `district-c-${run}`, sourceSystems: ['lea-255903.sis'] };
    const before = (await register(body).expect(201)).body;
    const after = (await register(body).expect(201)).body;
    expect(after.password).not.toBe(before.password);
    expect(await canLogIn(loginOf(after))).toBe(true);
    expect(await canLogIn(loginOf(before))).toBe(false);
  });

  it('removes a producing system: its login stops working, it is no longer listed, the removal is audited, and a second removal finds nothing', async () => {
    const registered = (await register({ producerId: `district-f-${run}`, sourceSystems: ['lea-255906.sis'] }).expect(201)).body;
    const ownStudents = registered.topics.find((topic: string) => topic.endsWith('ingest.k12.student.v1'));
    await expect(publishAs(loginOf(registered), ownStudents)).resolves.toBeUndefined();

    await request(app.getHttpServer()).delete(`/ingest/producers/district-f-${run}`).set('Authorization', steward).expect(204);
    // The broker drops a deleted credential asynchronously, as it learns new ones.
    await eventually(async () => expect(await canLogIn(loginOf(registered))).toBe(false), { timeoutMs: 20_000, intervalMs: 250 });
    const listed = await request(app.getHttpServer()).get('/ingest/producers').set('Authorization', steward).expect(200);
    expect(listed.body.producers.map((producer: { producerId: string }) => producer.producerId)).not.toContain(`district-f-${run}`);
    expect(await database.dataSource.query(`SELECT actor FROM audit_entry WHERE kind = 'producer-removed' AND subject = $1`, [`district-f-${run}`])).toEqual([
      { actor: expect.stringMatching(/^lc_/) },
    ]);
    await request(app.getHttpServer()).delete(`/ingest/producers/district-f-${run}`).set('Authorization', steward).expect(404);
  });

  it('refuses a producer id with a dot or capitals, no source system, or a malformed one, and registers nothing', async () => {
    for (const body of [
      { producerId: `district.d-${run}`, sourceSystems: ['lea-1.sis'] },
      { producerId: `District-${run}`, sourceSystems: ['lea-1.sis'] },
      { producerId: `district-e-${run}`, sourceSystems: [] },
      { producerId: `district-e-${run}`, sourceSystems: ['lea 1'] },
      { producerId: `district-e-${run}`, sourceSystems: ['lea-1.sis'], agencyIds: 'sheriff' },
    ]) {
      const refused = await register(body).expect(400);
      expect(refused.body.detail).toMatch(/producerId|sourceSystems|agencyIds/);
    }
    expect(await database.dataSource.query(`SELECT producer_id FROM producing_system WHERE producer_id LIKE '%-e-%' OR producer_id LIKE '%.%'`)).toEqual([]);
  });
});
