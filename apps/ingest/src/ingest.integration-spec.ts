import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { ScopedRecordReader } from '@lantern/access';
import { Role } from '@lantern/governance';
import { HubTopics, RecordPublisher } from '@lantern/ingest';
import { connectProducer, consumerLag, createKafka, type HubProducer } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import { type HistoryRow, toStoredVersion } from '@lantern/records';
import { createTestDatabase, eventually, testKafka, testTopicPrefix } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';
import { IngestConsumerLifecycle, IngestModule } from './ingest.module';
import { ingestTestSettings } from './testing/ingest-test-settings';

const logger = createJsonLogger('ingest-test', 'warn');
const registry = ContractRegistry.default();

function studentEnvelope(studentUniqueId: string, eventTime: string, overrides: Record<string, unknown> = {}): Envelope {
  return {
    contract: 'edfi.student',
    contractVersion: registry.contract('edfi.student').version,
    operation: 'upsert',
    sourceSystem: 'district-255901',
    eventTime,
    record: { studentUniqueId, firstName: 'Ada', lastSurname: 'Lovelace', birthDate: '2012-12-10', ...overrides },
  };
}

describe('ingest service against real Kafka and PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let ingest: INestApplicationContext;
  let producer: HubProducer;
  let topics: HubTopics;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateDatabase(database.ownerUrl);
    const prefix = testTopicPrefix();
    topics = new HubTopics(registry, prefix);
    ingest = await NestFactory.createApplicationContext(IngestModule.forRoot(ingestTestSettings(database.url, prefix, { INGEST_MAX_MESSAGE_BYTES: 4096 }), logger), { logger: false });
    producer = await connectProducer(createKafka(testKafka(), 'ingest-test', logger));
    dataSource = createHubDataSource(database.url, []);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await ingest?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Every version of one source record, oldest first, as record_history shows it. */
  const versionsOf = async (contractId: string, sourceSystem: string, naturalKey: string) =>
    (
      (await dataSource.query(`SELECT * FROM record_history WHERE contract_id = $1 AND source_system = $2 AND natural_key = $3 ORDER BY valid_from, id`, [
        contractId,
        sourceSystem,
        naturalKey,
      ])) as HistoryRow[]
    ).map(toStoredVersion);
  const steward = { clientId: 'ingest-test', role: Role.Steward, organizationId: 'sea', authenticatedBy: 'client-secret' } as const;

  const count = async (sql: string, parameters: unknown[] = []) => Number((await dataSource.query(sql, parameters))[0].count);

  it('stores valid records with lineage and rejects bad ones without blocking the records behind them', async () => {
    const topic = topics.topicFor('edfi.student');
    const invalid = studentEnvelope('S-INVALID', '2026-01-01T00:00:00Z');
    delete (invalid.record as Record<string, unknown>).birthDate;
    // All on one partition, in this order: the valid record after the bad ones must still be stored.
    await producer.send({
      topic,
      messages: [
        { partition: 0, key: 'S-1', value: JSON.stringify(studentEnvelope('S-1', '2026-01-01T00:00:00Z')) },
        { partition: 0, key: 'S-INVALID', value: JSON.stringify(invalid) },
        { partition: 0, key: 'junk', value: 'this is not JSON' },
        { partition: 0, key: 'big', value: JSON.stringify(studentEnvelope('S-BIG', '2026-01-01T00:00:00Z', { middleName: 'x'.repeat(5000) })) },
        { partition: 0, key: 'S-2', value: JSON.stringify(studentEnvelope('S-2', '2026-01-01T00:00:00Z')) },
      ],
    });

    await eventually(async () => expect((await count('SELECT count(*) FROM record_version')) + (await count('SELECT count(*) FROM ingest_reject'))).toBe(5));

    const stored = await dataSource.query(`SELECT natural_key, topic, partition, kafka_offset, source_system, arrived_at, event_time FROM record_version ORDER BY kafka_offset`);
    expect(stored.map((row: { natural_key: string }) => row.natural_key)).toEqual([
      registry.naturalKey('edfi.student', { studentUniqueId: 'S-1' }),
      registry.naturalKey('edfi.student', { studentUniqueId: 'S-2' }),
    ]);
    expect(stored[0]).toMatchObject({ topic, partition: 0, kafka_offset: '0', source_system: 'district-255901' });
    expect(stored[1].kafka_offset).toBe('4');

    const rejects = await dataSource.query(`SELECT kafka_offset, stage, error_path, error_message, convert_from(original, 'UTF8') AS original FROM ingest_reject ORDER BY kafka_offset`);
    expect(rejects.map((r: { kafka_offset: string; stage: string }) => [r.kafka_offset, r.stage])).toEqual([
      ['1', 'schema'],
      ['2', 'decode'],
      ['3', 'size'],
    ]);
    expect(rejects[0].error_path).toContain('birthDate');
    expect(rejects[1].original).toBe('this is not JSON');
  });

  it('sends every reject to the dead-letter topic with its origin and reason in headers', async () => {
    const kafka = createKafka(testKafka(), 'dlq-reader', logger);
    const consumer = kafka.consumer({ groupId: `${topics.prefix}dlq-reader` });
    const received: Array<Record<string, string>> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topics.deadLetter, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push(Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])));
      },
    });
    try {
      await eventually(() => expect(received).toHaveLength(3));
    } finally {
      await consumer.disconnect();
    }
    const schemaReject = received.find((headers) => headers['lantern.errors.stage'] === 'schema');
    expect(schemaReject).toMatchObject({ 'lantern.errors.topic': topics.topicFor('edfi.student'), 'lantern.errors.offset': '1', 'lantern.errors.contract': 'edfi.student' });
    expect(schemaReject?.['lantern.errors.path']).toContain('birthDate');
    expect(schemaReject?.['lantern.errors.message']).not.toContain('Ada');
  });

  it('keeps history: the same version twice is stored once, and a late older version does not supersede the newer', async () => {
    const publisher = new RecordPublisher(producer, registry, topics);
    await publisher.publish([studentEnvelope('S-3', '2026-03-01T00:00:00Z', { firstName: 'Grace' })]);
    await publisher.publish([studentEnvelope('S-3', '2026-03-01T00:00:00Z', { firstName: 'Grace' })]);
    await publisher.publish([studentEnvelope('S-3', '2026-02-01T00:00:00Z', { firstName: 'Older' })]);
    const key = registry.naturalKey('edfi.student', { studentUniqueId: 'S-3' });

    await eventually(async () => expect(await versionsOf('edfi.student', 'district-255901', key)).toHaveLength(2));
    // Wait until the group has consumed everything, so the duplicate had its chance to be stored.
    const topic = topics.topicFor('edfi.student');
    const kafka = createKafka(testKafka(), 'lag-reader', logger);
    await eventually(async () => expect((await consumerLag(kafka, `${topics.prefix}ingest`, [topic])).get(topic)).toBe(0));
    const history = await versionsOf('edfi.student', 'district-255901', key);
    expect(history.map((version) => [(version.record as { firstName: string }).firstName, version.validFrom, version.validTo])).toEqual([
      ['Older', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['Grace', '2026-03-01T00:00:00.000Z', null],
    ]);
    const current = await ScopedRecordReader.for(steward, dataSource).current('edfi.student', key);
    expect(current.map((version) => (version.record as { firstName: string }).firstName)).toEqual(['Grace']);
  });
  it('answers orchestrators and Prometheus on its own port: live, ready once it consumes, messages by outcome and lag per partition', async () => {
    const base = `http://127.0.0.1:${ingest.get(IngestConsumerLifecycle).httpPort}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'up', checks: { consumer: 'up', database: 'up' } } });
    const topic = topics.topicFor('edfi.student');
    const metrics = await eventually(async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(new RegExp(`lantern_ingest_consumer_lag\\{[^}]*topic="${topic}"[^}]*partition="0"[^}]*\\} 0\\n`));
      return text;
    });
    expect(metrics).toMatch(new RegExp(`lantern_ingest_messages_total\\{[^}]*topic="${topic}"[^}]*outcome="stored"[^}]*\\} [1-9]`));
    expect(metrics).toMatch(new RegExp(`lantern_ingest_messages_total\\{[^}]*topic="${topic}"[^}]*outcome="rejected"[^}]*\\} [1-9]`));
    expect((await fetch(`${base}/anything-else`)).status).toBe(404);
  });
});
