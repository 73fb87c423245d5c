import type { INestApplication } from '@nestjs/common';
import { careNoticeTopic } from '@lantern/care-notices';
import { Role } from '@lantern/governance';
import { canLogIn, connectProducer, createKafka, ensureTopics, type KafkaConnection } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, eventually, type MigratedTestDatabase, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import { bearerFor, testApiSettings } from '../access/testing/access-test-kit';
import { createApi } from '../create-api';

const logger = createJsonLogger('notice-readers-test', 'error');
const quick = { connectionTimeoutMs: 3_000, requestTimeoutMs: 5_000, retries: 0 };

describe('POST and DELETE /care/notice-readers/{organizationId}: a steward gives a school a Kafka login for its own notices, and takes it away (ADR 0017)', () => {
  jest.setTimeout(120_000);
  let database: MigratedTestDatabase;
  let app: INestApplication;
  let steward: string;
  let prefix: string;
  const hub = testKafka();
  const [school, otherSchool] = [`${Date.now() % 1_000_000}001`, `${Date.now() % 1_000_000}002`];

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    prefix = testTopicPrefix();
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix }), logger);
    await app.init();
    steward = await bearerFor(app, database.dataSource, Role.Steward, 'sea');
    // A notice on each school's topic, as the worker's relay publishes them.
    const topics = [careNoticeTopic(prefix, school), careNoticeTopic(prefix, otherSchool)];
    await ensureTopics(
      createKafka(hub, 'notice-readers-test'),
      topics.map((topic) => ({ topic, numPartitions: 1 })),
    );
    const producer = await connectProducer(createKafka(hub, 'notice-readers-test'));
    try {
      for (const topic of topics) await producer.send({ topic, messages: [{ key: '1', value: JSON.stringify({ topic }) }] });
    } finally {
      await producer.disconnect();
    }
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const register = (organizationId: string) => request(app.getHttpServer()).post(`/care/notice-readers/${organizationId}`).set('Authorization', steward);
  const loginOf = (registered: { username: string; password: string }): KafkaConnection => ({
    brokers: hub.brokers,
    security: { caPem: hub.security!.caPem, username: registered.username, password: registered.password },
  });

  /** The notices a login reads from the start of its topic, in a new group of its own. */
  async function noticesReadBy(registered: { username: string; password: string; topic: string; groupPrefix: string }, group: string): Promise<string[]> {
    const received: string[] = [];
    // With retries, as a school's reader runs: on a fresh broker the group coordinator takes a moment to appear.
    const consumer = createKafka(loginOf(registered), 'notice-readers-test').consumer({ groupId: `${registered.groupPrefix}${group}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: registered.topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
      await eventually(() => expect(received).not.toEqual([]), { timeoutMs: 30_000 });
    } finally {
      await consumer.disconnect();
    }
    return received;
  }

  const grantsOf = async (username: string): Promise<number> => {
    const admin = createKafka(hub, 'notice-readers-test').admin();
    await admin.connect();
    try {
      return await admin.countAccess(username);
    } finally {
      await admin.disconnect();
    }
  };

  it('reads its own notice topic in a group of its own, is refused another school’s, and writes nothing; audited without the password', async () => {
    const response = await register(school).expect(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const registered = response.body;
    expect(registered).toMatchObject({ organizationId: school, username: `notices-${school}`, topic: careNoticeTopic(prefix, school), groupPrefix: `notices-${school}.` });
    const reader = createKafka(loginOf(registered), 'notice-readers-test', undefined, quick);

    expect(await noticesReadBy(registered, 'inbox')).toEqual([JSON.stringify({ topic: registered.topic })]);

    const admin = reader.admin();
    await admin.connect();
    try {
      await expect(admin.fetchTopicOffsets(careNoticeTopic(prefix, otherSchool))).rejects.toThrow();
    } finally {
      await admin.disconnect();
    }
    const producer = reader.producer();
    await producer.connect();
    try {
      await expect(producer.send({ topic: registered.topic, messages: [{ value: 'forged' }] })).rejects.toThrow(/authori[sz]/i);
    } finally {
      await producer.disconnect();
    }

    const audited: Array<{ actor: string; details: string }> = await database.dataSource.query(
      `SELECT actor, details::text FROM audit_entry WHERE kind = 'notice-reader-registered' AND subject = $1`,
      [school],
    );
    expect(audited).toEqual([{ actor: expect.stringMatching(/^lc_/), details: expect.stringContaining(registered.topic) }]);
    expect(audited[0].details).not.toContain(registered.password);
  });

  it('refuses an organisation id that is not an education organisation’s, and issues nothing', async () => {
    for (const organizationId of ['lea-1', '0123', `${school}.x`]) await register(encodeURIComponent(organizationId)).expect(400);
    expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE kind = 'notice-reader-registered' AND subject <> $1`, [school])).toEqual([{ n: 0 }]);
  });

  it('takes a school’s login away: it no longer logs in and holds no grant on its topic, another school’s reader reads on, audited; a second removal finds nothing', async () => {
    const removed = (await register(school).expect(201)).body;
    const kept = (await register(otherSchool).expect(201)).body;
    expect(await noticesReadBy(removed, 'before-removal')).toEqual([JSON.stringify({ topic: removed.topic })]);

    const remove = (organizationId: string) => request(app.getHttpServer()).delete(`/care/notice-readers/${organizationId}`).set('Authorization', steward);
    await remove(school).expect(204);
    // The broker drops a deleted credential asynchronously, as it learns new ones.
    await eventually(async () => expect(await canLogIn(loginOf(removed))).toBe(false), { timeoutMs: 20_000, intervalMs: 250 });
    const reader = createKafka(loginOf(removed), 'notice-readers-test', undefined, quick).consumer({ groupId: `${removed.groupPrefix}after-removal` });
    await expect(reader.connect()).rejects.toThrow();
    // Nor could a session opened before the removal read on: no ACL names it any more.
    expect(await grantsOf(removed.username)).toBe(0);

    expect(await canLogIn(loginOf(kept))).toBe(true);
    expect(await grantsOf(kept.username)).toBe(2);
    expect(await noticesReadBy(kept, 'after-other-removal')).toEqual([JSON.stringify({ topic: kept.topic })]);

    expect(await database.dataSource.query(`SELECT actor, subject, details FROM audit_entry WHERE kind = 'notice-reader-removed'`)).toEqual([
      { actor: expect.stringMatching(/^lc_/), subject: school, details: { username: removed.username } },
    ]);
    const again = await remove(school).expect(404);
    expect(again.body).toMatchObject({ type: 'urn:lantern:problem:record_not_found' });
    await remove('not-a-school').expect(400);
  });
});
