import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { HubTopics, RecordPublisher } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, type KafkaConnection, kafkaEnvironmentOf, waitForStableGroup } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import {
  createMigratedTestDatabase,
  ensureServiceLogin,
  eventually,
  findFreePort,
  type HubServiceProcess,
  lanternStateDir,
  type MigratedTestDatabase,
  type RunningKafka,
  startEmbeddedPostgres,
  startHubService,
  startLocalKafka,
  testKafka,
  testTopicPrefix,
} from '@lantern/test-environment';
import { rm } from 'node:fs/promises';
import type { DataSource } from 'typeorm';

const registry = ContractRegistry.default();
const logger = createJsonLogger('reliability-test', 'warn');
const RECORDS = 10_000;
const STORE_TIMEOUT = { timeoutMs: 150_000, intervalMs: 250 };
// Each test starts processes, waits for group rebalances and, in one, restarts a broker.
jest.setTimeout(240_000);

function students(from: number, count: number): Envelope[] {
  return Array.from({ length: count }, (_, index) => ({
    contract: 'edfi.student',
    contractVersion: registry.contract('edfi.student').version,
    operation: 'upsert' as const,
    sourceSystem: 'district-255901',
    eventTime: '2026-10-01T00:00:00Z',
    record: { studentUniqueId: `R${from + index}`, firstName: 'Test', lastSurname: `Learner${from + index}`, birthDate: '2014-05-06' },
  }));
}

/** Publishes in paced chunks, the way a district system streams a load; `progress.published` says how far it got. */
async function publish(kafka: KafkaConnection, topics: HubTopics, envelopes: Envelope[], progress = { published: 0 }) {
  const producer = await connectProducer(createKafka(kafka, 'reliability-loader', logger));
  try {
    const publisher = new RecordPublisher(producer, registry, topics);
    for (let start = 0; start < envelopes.length; start += 250) {
      await publisher.publish(envelopes.slice(start, start + 250));
      progress.published = Math.min(envelopes.length, start + 250);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await producer.disconnect();
  }
}

describe('ingest survives crashes and broker restarts without loss or duplicates', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  const services: HubServiceProcess[] = [];

  const counts = async (source = dataSource) => {
    const [row] = await source.query(`SELECT count(*)::int AS versions, count(DISTINCT natural_key)::int AS students FROM record_version`);
    const [counter] = await source.query(`SELECT coalesce(sum(stored), 0)::int AS stored FROM ingest_counter`);
    return { versions: row.versions as number, students: row.students as number, counted: counter.stored as number };
  };

  // Each student decided once: one crosswalk row, one outbox event, one decision in the audit log.
  const identityCounts = async (source = dataSource) => {
    const [row] = await source.query(`
      SELECT (SELECT count(*) FROM identity_record)::int AS crosswalk,
             (SELECT count(*) FROM identity_event)::int AS events,
             (SELECT coalesce(sum(jsonb_array_length(details->'decisions')), 0) FROM audit_entry WHERE kind = 'identity-link')::int AS audited`);
    return row as { crosswalk: number; events: number; audited: number };
  };

  function startIngest(kafka: KafkaConnection, prefix: string, databaseUrl = database.url): HubServiceProcess {
    const service = startHubService(
      'ingest',
      'apps/ingest/src/main.ts',
      {
        ...process.env,
        DATABASE_URL: databaseUrl,
        ...kafkaEnvironmentOf(kafka),
        LANTERN_TOPIC_PREFIX: prefix,
        INGEST_GROUP_ID: `${prefix}ingest`,
        // Several instances run at once here and in other suites.
        INGEST_HTTP_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      { logFile: lanternStateDir('logs', `reliability-${prefix}log`) },
    );
    services.push(service);
    return service;
  }

  beforeEach(async () => {
    database = await createMigratedTestDatabase({ poolSize: 2 });
    dataSource = database.dataSource;
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop()));
    await database?.drop();
  });

  it('stores every record exactly once when the ingest process is SIGKILLed mid-load and restarted', async () => {
    const prefix = testTopicPrefix();
    const topics = new HubTopics(registry, prefix);
    const kafka = createKafka(testKafka(), 'reliability-admin', logger);
    await ensureTopics(kafka, topics.all());
    const first = startIngest(testKafka(), prefix);
    await waitForStableGroup(kafka, `${prefix}ingest`);
    const progress = { published: 0 };
    const load = publish(testKafka(), topics, students(0, RECORDS), progress);

    // Kill it as soon as it has stored something: the load is still streaming in, batches are
    // in flight and their offsets uncommitted.
    await eventually(async () => expect((await counts()).versions).toBeGreaterThan(0), { timeoutMs: 120_000, intervalMs: 10 });
    await first.kill();
    expect(progress.published).toBeLessThan(RECORDS);
    await load;

    startIngest(testKafka(), prefix);
    await eventually(async () => expect((await counts()).versions).toBe(RECORDS), STORE_TIMEOUT);
    // Let redelivered batches (if any) finish: nothing more may appear.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await counts()).toEqual({ versions: RECORDS, students: RECORDS, counted: RECORDS });
    expect(await identityCounts()).toEqual({ crosswalk: RECORDS, events: RECORDS, audited: RECORDS });
  });

  it('loses nothing and duplicates nothing when the broker restarts during a load', async () => {
    const stateDir = lanternStateDir(`test-broker-restart-${process.pid}`);
    const port = await findFreePort();
    const controllerPort = await findFreePort();
    let broker: RunningKafka | undefined = await startLocalKafka({ stateDir, port, controllerPort });
    try {
      const prefix = testTopicPrefix();
      const topics = new HubTopics(registry, prefix);
      const kafka = createKafka(broker.connection, 'reliability-admin', logger);
      await ensureTopics(kafka, topics.all());
      startIngest(broker.connection, prefix);
      await waitForStableGroup(kafka, `${prefix}ingest`);
      await publish(broker.connection, topics, students(0, RECORDS / 2));
      await eventually(async () => expect((await counts()).versions).toBeGreaterThan(0), STORE_TIMEOUT);

      await broker.stop();
      broker = await startLocalKafka({ stateDir, port, controllerPort });
      await publish(broker.connection, topics, students(RECORDS / 2, RECORDS / 2));

      await eventually(async () => expect((await counts()).versions).toBe(RECORDS), STORE_TIMEOUT);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await counts()).toEqual({ versions: RECORDS, students: RECORDS, counted: RECORDS });
      expect(await identityCounts()).toEqual({ crosswalk: RECORDS, events: RECORDS, audited: RECORDS });
    } finally {
      await Promise.all(services.splice(0).map((service) => service.stop()));
      await broker?.stop();
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  it('loses, rejects and duplicates nothing when its database connections are cut again and again and PostgreSQL restarts during a load', async () => {
    // A server of its own, so that restarting it disturbs no other test.
    const postgres = await startEmbeddedPostgres(lanternStateDir(`test-postgres-restart-${process.pid}`), () => undefined);
    // Its own data source, never the shared variable: nothing of this test may reach the next one.
    const own = createHubDataSource(postgres.adminUrl, [], { poolSize: 2 });
    // A smaller load than the other tests: the cuts and the restart, not the volume, are the point.
    const records = RECORDS / 2;
    try {
      await migrateDatabase(postgres.adminUrl);
      const serviceUrl = await ensureServiceLogin(postgres.adminUrl, 'lantern_reliability_service');
      await own.initialize();
      const prefix = testTopicPrefix();
      const topics = new HubTopics(registry, prefix);
      const kafka = createKafka(testKafka(), 'reliability-admin', logger);
      await ensureTopics(kafka, topics.all());
      startIngest(testKafka(), prefix, serviceUrl);
      await waitForStableGroup(kafka, `${prefix}ingest`);
      await publish(testKafka(), topics, students(0, records / 2));
      await eventually(async () => expect((await counts(own)).versions).toBeGreaterThan(0), { timeoutMs: 120_000, intervalMs: 10 });

      // While the second half streams in: every 100 ms, cut every connection the ingest service holds.
      const load = publish(testKafka(), topics, students(records / 2, records / 2));
      let cut = 0;
      for (const until = Date.now() + 4_000; Date.now() < until;) {
        const [{ terminated }] = await own.query(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity WHERE application_name = 'lantern-ingest'`,
        );
        cut += terminated;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(cut).toBeGreaterThan(0);
      await postgres.restart();
      await load;

      await eventually(async () => expect((await counts(own)).versions).toBe(records), STORE_TIMEOUT);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await counts(own)).toEqual({ versions: records, students: records, counted: records });
      expect(await identityCounts(own)).toEqual({ crosswalk: records, events: records, audited: records });
      const [rejects] = await own.query(`SELECT (SELECT count(*) FROM ingest_reject)::int AS stored, (SELECT coalesce(sum(rejected), 0) FROM ingest_counter)::int AS counted`);
      expect(rejects).toEqual({ stored: 0, counted: 0 });
    } finally {
      await Promise.all(services.splice(0).map((service) => service.stop()));
      if (own.isInitialized) await own.destroy();
      await postgres.stop();
    }
  });

  it('splits the partitions between two ingest instances in one group, storing each record once', async () => {
    const prefix = testTopicPrefix();
    const topics = new HubTopics(registry, prefix);
    const kafka = createKafka(testKafka(), 'reliability-admin', logger);
    await ensureTopics(kafka, topics.all());
    startIngest(testKafka(), prefix);
    startIngest(testKafka(), prefix);

    const admin = kafka.admin();
    await admin.connect();
    try {
      const studentTopic = topics.topicFor('edfi.student');
      const partitionsPerMember = async () => {
        const group = await admin.describeGroup(`${prefix}ingest`);
        return group.members.map((member) => member.assignment[studentTopic] ?? []);
      };
      await eventually(async () => {
        const assignments = await partitionsPerMember();
        expect(assignments).toHaveLength(2);
        assignments.forEach((partitions) => expect(partitions.length).toBeGreaterThan(0));
        expect(assignments.flat().sort()).toEqual([0, 1, 2]);
      }, STORE_TIMEOUT);
    } finally {
      await admin.disconnect();
    }
    await publish(testKafka(), topics, students(0, 3000));
    await eventually(async () => expect((await counts()).versions).toBe(3000), STORE_TIMEOUT);
    expect(await counts()).toEqual({ versions: 3000, students: 3000, counted: 3000 });
  });
});
