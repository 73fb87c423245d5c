import type { INestApplicationContext } from '@nestjs/common';
import { AuditLog } from '@lantern/audit';
import { loadSettings } from '@lantern/config';
import { ContractRegistry } from '@lantern/contracts';
import { HubTopics, ProducingSystems, registerProducingSystem } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, type HubProducer, type KafkaConnection } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, eventually, type MigratedTestDatabase, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import { createWorker } from '../create-worker';
import { AGENCY, CHILDREN, flagEnvelope, flagFor, ingest, registerHandleWithCareAgreement, schoolBatches } from '../testing/worker-fixtures';
import { DEFAULT_WORKER_TIMERS } from '../worker.module';
import { WORKER_SETTINGS } from '../worker-settings';

const logger = createJsonLogger('care-flag-intake-test', 'warn');

describe('care-flag intake follows the producer registry while the worker runs (ADR 0017)', () => {
  jest.setTimeout(120_000);
  let database: MigratedTestDatabase;
  let topics: HubTopics;
  let producer: HubProducer;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    const prefix = testTopicPrefix();
    topics = new HubTopics(ContractRegistry.default(), prefix);
    const kafka = createKafka(testKafka(), 'care-flag-intake-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    await ingest(database.dataSource, topics, producer, schoolBatches(), logger);
    await registerHandleWithCareAgreement(database.dataSource);
    const settings = loadSettings(WORKER_SETTINGS, {
      DATABASE_URL: database.url,
      ...testKafkaEnvironment(),
      LANTERN_TOPIC_PREFIX: prefix,
      LANTERN_DEV_EPHEMERAL_KEYS: 'true',
      LOG_LEVEL: 'warn',
    });
    worker = await createWorker(settings, logger, { ...DEFAULT_WORKER_TIMERS, careFlagProducersMs: 500 });
  });

  afterAll(async () => {
    await worker?.close();
    await producer?.disconnect();
    await database?.drop();
  });

  it('takes in the care flag of a producing system registered after the worker started, without a restart', async () => {
    const hub = testKafka();
    const registered = await registerProducingSystem(
      { topics, hub, registry: new ProducingSystems(database.dataSource, new AuditLog(database.dataSource)) },
      `sheriff-cad-${Date.now().toString(36)}`,
      { sourceSystems: ['county-sheriff.cad'], agencyIds: [AGENCY], educationOrganizationIds: [] },
      'care-flag-intake-test',
    );
    const ownFlagTopic = registered.topics.find((topic) => topics.contractOn(topic) === 'partner.careFlag')!;
    const sheriff: KafkaConnection = { brokers: hub.brokers, security: { caPem: hub.security!.caPem, username: registered.username, password: registered.password } };
    const sheriffProducer = await connectProducer(createKafka(sheriff, 'care-flag-intake-test-sheriff'));
    try {
      await sheriffProducer.send({ topic: ownFlagTopic, messages: [{ key: 'L-1', value: JSON.stringify(flagEnvelope(flagFor(CHILDREN.viaKafka, 'L-1'))) }] });
    } finally {
      await sheriffProducer.disconnect();
    }
    const notices = async () =>
      Number((await database.dataSource.query(`SELECT count(*) FROM care_notice n JOIN care_flag f ON f.id = n.flag WHERE f.agency_id = $1 AND f.flag_id = 'L-1'`, [AGENCY]))[0].count);
    await eventually(async () => expect(await notices()).toBe(1), { timeoutMs: 60_000, intervalMs: 250 });
  });
});
