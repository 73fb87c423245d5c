import type { INestApplicationContext } from '@nestjs/common';
import { CareFlags, careNoticeTopic } from '@lantern/care-notices';
import { loadSettings } from '@lantern/config';
import { ContractRegistry } from '@lantern/contracts';
import { HubTopics, RecordPublisher } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, type HubConsumer, type HubProducer } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import {
  createMigratedTestDatabase,
  eventually,
  lanternStateDir,
  type MigratedTestDatabase,
  startHubService,
  startHubWorker,
  testKafka,
  testKafkaEnvironment,
  testTopicPrefix,
} from '@lantern/test-environment';
import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { createWorker } from './create-worker';
import { CHILDREN, DISTRICT_ID, flagEnvelope, flagFor, ingest, registerHandleWithCareAgreement, SCHOOL_ID, schoolBatches, student } from './testing/worker-fixtures';
import { DEFAULT_WORKER_TIMERS } from './worker.module';
import { WORKER_SETTINGS } from './worker-settings';

const registry = ContractRegistry.default();
const logger = createJsonLogger('worker-test-fixtures', 'warn');
const SOON = { timeoutMs: 30_000, intervalMs: 100 };

/** Reads a topic from the beginning into a list, until `stop()`. */
async function reader(consumer: HubConsumer, topic: string) {
  const received: Array<{ value: Record<string, unknown>; headers: Record<string, string> }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void received.push({ value: JSON.parse(String(message.value)), headers: message.headers }) });
  return { received, stop: () => consumer.disconnect() };
}

describe('worker: the hub’s background work against real Kafka and PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let prefix: string;
  let topics: HubTopics;
  let kafka: ReturnType<typeof createKafka>;
  let producer: HubProducer;
  let worker: INestApplicationContext;
  /** The worker's log lines, to prove a clean shutdown. */
  const logLines: Array<{ level: number; msg: string }> = [];

  const settings = () =>
    loadSettings(WORKER_SETTINGS, {
      DATABASE_URL: database.url,
      ...testKafkaEnvironment(),
      LANTERN_TOPIC_PREFIX: prefix,
      LANTERN_DEV_EPHEMERAL_KEYS: 'true',
      LOG_LEVEL: 'info',
    });
  const count = async (sql: string) => Number((await dataSource.query(sql))[0].count);

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    prefix = testTopicPrefix();
    topics = new HubTopics(registry, prefix);
    kafka = createKafka(testKafka(), 'worker-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    await ingest(dataSource, topics, producer, schoolBatches(), logger);
    await registerHandleWithCareAgreement(dataSource);
    const workerLogger = createJsonLogger('worker', 'info', { write: (line: string) => void logLines.push(JSON.parse(line)) });
    // The sweep every half second, so the escalation test need not wait 15 s; notice topics
    // compacted after two seconds instead of an hour, so the revocation test need not wait either.
    worker = await createWorker(settings(), workerLogger, { ...DEFAULT_WORKER_TIMERS, careSweepMs: 500, noticeCompactionWindowMs: 2_000 });
  });

  afterAll(async () => {
    await worker?.close();
    await producer?.disconnect();
    await database?.drop();
  });

  it('publishes the identity events ingestion wrote, about a second after they commit', async () => {
    const identity = await reader(kafka.consumer({ groupId: `${prefix}identity-reader` }), topics.identityEvents);
    try {
      // What ingestion wrote before the worker started is published at its first poll.
      await eventually(async () => expect(await count(`SELECT count(*) FROM identity_event WHERE published_at IS NULL`)).toBe(0), SOON);
      const before = await count(`SELECT count(*) FROM identity_event`);
      expect(before).toBeGreaterThanOrEqual(Object.keys(CHILDREN).length);

      const committed = Date.now();
      await ingest(dataSource, topics, producer, [[student('WK-2001', { firstName: 'Noor', lastSurname: 'Haddad', birthDate: '2012-04-17' })]], logger);
      await eventually(async () => expect(await count(`SELECT count(*) FROM identity_event WHERE published_at IS NULL`)).toBe(0), SOON);
      // Polled every second: well within a few seconds even on a busy machine.
      expect(Date.now() - committed).toBeLessThan(5_000);
      await eventually(() => expect(identity.received.length).toBeGreaterThanOrEqual(before + 1), SOON);
      expect(identity.received.every(({ headers }) => headers['lantern.event.id'] !== undefined)).toBe(true);
      expect(JSON.stringify(identity.received)).not.toMatch(/Noor|Haddad/);
    } finally {
      await identity.stop();
    }
  });

  it('takes a flag from the agencies’ topic and publishes the notice to the school’s topic', async () => {
    await new RecordPublisher(producer, registry, topics).publish([flagEnvelope(flagFor(CHILDREN.viaKafka, 'K-1'))]);
    // The school's topic exists once the relay has published the notice's event.
    await eventually(async () => expect(await count(`SELECT count(*) FROM care_notice_event WHERE type = 'issued' AND published_at IS NOT NULL`)).toBe(1), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    const school = await reader(kafka.consumer({ groupId: `${prefix}school-reader` }), careNoticeTopic(prefix, String(SCHOOL_ID)));
    try {
      await eventually(
        () =>
          expect(school.received.map(({ value }) => value)).toContainEqual(
            expect.objectContaining({ type: 'issued', words: 'Handle with Care', student: expect.objectContaining({ firstName: 'Lucas' }) }),
          ),
        SOON,
      );
    } finally {
      await school.stop();
    }
  });

  it('escalates an overdue notice to the district in its sweep and publishes the escalation', async () => {
    // As if the school had been staffed for longer than CARE_ESCALATE_AFTER_MINUTES without acknowledging it.
    await dataSource.query(`UPDATE care_notice SET escalate_at = now() - interval '1 minute' WHERE closed_at IS NULL AND acknowledged_at IS NULL`);
    await eventually(async () => expect(await count(`SELECT count(*) FROM care_notice_event WHERE type = 'escalated' AND published_at IS NOT NULL`)).toBe(1), SOON);
    const district = await reader(kafka.consumer({ groupId: `${prefix}district-reader` }), careNoticeTopic(prefix, String(DISTRICT_ID)));
    try {
      await eventually(() => expect(district.received.map(({ value }) => value.type)).toContain('escalated'), SOON);
    } finally {
      await district.stop();
    }
  });

  it('takes a revoked name off a notice topic that receives nothing after the revocation', async () => {
    await worker.get(CareFlags).issue(flagFor(CHILDREN.quietTopic, 'Q-1'), { agencyId: 'county-sheriff', actor: 'worker-test', sourceSystem: 'county-sheriff' });
    await worker.get(CareFlags).revoke('county-sheriff', 'Q-1', 'worker-test');
    await eventually(async () => expect(await count(`SELECT count(*) FROM care_notice_event WHERE type = 'revoked' AND published_at IS NOT NULL`)).toBe(1), SOON);
    // Nothing else is published to the school's topic from here on. Kafka never compacts the
    // segment it is writing to; only the repeated tombstone rolls it, and the cleaner then
    // removes the issued notice (its broker default visits every 15 s).
    await eventually(async () => expect(await count(`SELECT count(*) FROM care_notice_event WHERE tombstone_repeated_at IS NOT NULL`)).toBe(1), SOON);
    await eventually(
      async () => {
        const school = await reader(kafka.consumer({ groupId: `${prefix}quiet-reader-${Date.now()}` }), careNoticeTopic(prefix, String(SCHOOL_ID)));
        try {
          // A reader from the beginning sees at least the tombstones; the name must be gone.
          await eventually(() => expect(school.received.filter(({ value }) => value === null).length).toBeGreaterThan(0), SOON);
          expect(JSON.stringify(school.received)).not.toContain(CHILDREN.quietTopic.firstName);
        } finally {
          await school.stop();
        }
      },
      { timeoutMs: 120_000, intervalMs: 5_000 },
    );
  }, 180_000);

  it('drains on shutdown: events written just before it stops are published before its connections close', async () => {
    // A notice issued in the worker's own process, and identity events from ingestion, the moment before SIGTERM.
    await worker.get(CareFlags).issue(flagFor(CHILDREN.atShutdown, 'S-1'), { agencyId: 'county-sheriff', actor: 'worker-test', sourceSystem: 'county-sheriff' });
    await ingest(dataSource, topics, producer, [[student('WK-3001', { firstName: 'Ines', lastSurname: 'Okafor', birthDate: '2014-02-02' })]], logger);
    await worker.close();
    expect(await count(`SELECT count(*) FROM care_notice_event WHERE published_at IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) FROM identity_event WHERE published_at IS NULL`)).toBe(0);
    // No work was cut off by a closing connection.
    expect(logLines.filter((line) => line.level >= 50)).toEqual([]);
    expect(logLines.map((line) => line.msg)).toEqual(expect.arrayContaining(['worker stopping: finishing the work in progress', 'worker stopped its work; closing connections']));
  });

  it('runs as its own process: stops at a bad setting with one line, and on SIGTERM drains and exits', async () => {
    const misconfigured = startHubService(
      'worker',
      'apps/worker/src/main.ts',
      { PATH: process.env.PATH, DATABASE_URL: database.url },
      { logFile: lanternStateDir('logs', `worker-test-${prefix}misconfigured.log`), onStderr: () => undefined },
    );
    expect(await misconfigured.exited).toBe(78);
    const stderr = await readFile(lanternStateDir('logs', `worker-test-${prefix}misconfigured.log`), 'utf8');
    expect(stderr.trim().split('\n').at(-1)).toBe('Invalid configuration: KAFKA_BROKERS is required but not set');

    const logName = `worker-test-${prefix}process`;
    const service = await startHubWorker({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, LANTERN_DEV_EPHEMERAL_KEYS: 'true' }, logName);
    await ingest(dataSource, topics, producer, [[student('WK-4001', { firstName: 'Omar', lastSurname: 'Haddad', birthDate: '2013-03-03' })]], logger);
    await service.stop();
    expect(await count(`SELECT count(*) FROM identity_event WHERE published_at IS NULL`)).toBe(0);
    const log = await readFile(lanternStateDir('logs', `${logName}.log`), 'utf8');
    expect(log).toContain('worker stopped its work; closing connections');
  }, 120_000);
});
