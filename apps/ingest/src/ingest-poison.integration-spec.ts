import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { HubTopics } from '@lantern/ingest';
import { connectProducer, consumerLag, createKafka, type HubProducer, type OutboundMessage } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import { createTestDatabase, eventually, testKafka, testTopicPrefix } from '@lantern/test-environment';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { IngestModule } from './ingest.module';
import { ingestTestSettings } from './testing/ingest-test-settings';

const logger = createJsonLogger('ingest-poison-test', 'warn');
const registry = ContractRegistry.default();
const MAX_MESSAGE_BYTES = 4096;

function student(studentUniqueId: string, record: Record<string, unknown> = {}): Envelope {
  return {
    contract: 'edfi.student',
    contractVersion: registry.contract('edfi.student').version,
    operation: 'upsert',
    sourceSystem: 'district-255901',
    eventTime: '2026-10-01T00:00:00Z',
    record: { studentUniqueId, firstName: 'Ada', lastSurname: 'Lovelace', birthDate: '2012-12-10', ...record },
  };
}

/** Text as an outside producer may send it: NULs, control characters, unpaired surrogates, anything. */
const anyText = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\u001b', '\\', '"')), { maxLength: 6 })
  .map((parts) => parts.join(''));
const anyBytes = fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes));

/** A message value that is not a valid record: random bytes, broken text, or a Student envelope with hostile names and values. */
const poisonValue = fc.oneof(
  anyBytes,
  fc.constant(null),
  anyText.map((text) => Buffer.from(text)),
  fc.tuple(anyText, anyText).map(([name, value]) => JSON.stringify(student('P', { [`x${name}`]: value }))),
  anyText.map((value) => JSON.stringify(student('P', { firstName: `\u0000${value}` }))),
  anyText.map((value) => JSON.stringify({ ...student('P'), sourceSystem: `${value}\u0000` })),
  anyText.map((value) => JSON.stringify(student('P', { middleName: `x${value}`.repeat(MAX_MESSAGE_BYTES) }))),
);

const poisonMessage = fc.record({
  key: fc.option(fc.oneof(anyBytes, anyText), { nil: null }),
  value: poisonValue,
  headers: fc.dictionary(anyText, anyText, { maxKeys: 4 }),
});

describe('ingest never blocks on what a producer sends', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let ingest: INestApplicationContext;
  let producer: HubProducer;
  let topics: HubTopics;
  let groupId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateDatabase(database.ownerUrl);
    const prefix = testTopicPrefix();
    groupId = `${prefix}ingest`;
    topics = new HubTopics(registry, prefix);
    ingest = await NestFactory.createApplicationContext(
      IngestModule.forRoot(ingestTestSettings(database.url, prefix, { INGEST_GROUP_ID: groupId, INGEST_MAX_MESSAGE_BYTES: MAX_MESSAGE_BYTES }), logger),
      { logger: false },
    );
    producer = await connectProducer(createKafka(testKafka(), 'ingest-poison-test', logger));
    dataSource = createHubDataSource(database.url, []);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await ingest?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const count = async (sql: string) => Number((await dataSource.query(sql))[0].count);

  it('stores, rejects with its reason, or dead-letters every message whatever its bytes, key and headers, and stores the valid record behind them', async () => {
    const topic = topics.topicFor('edfi.student');
    let sent = 0;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(poisonMessage, { minLength: 1, maxLength: 5 }), async (poisons) => {
        run += 1;
        const valid = `VALID-${run}`;
        // One partition, the valid record last: it is stored only once everything before it has passed.
        const messages: OutboundMessage[] = [...poisons, { key: valid, value: JSON.stringify(student(valid)), headers: {} }].map((message) => ({ ...message, partition: 0 }));
        await producer.send({ topic, messages });
        sent += messages.length;
        await eventually(
          async () => expect(await count(`SELECT count(*) FROM record_version WHERE natural_key = '${registry.naturalKey('edfi.student', { studentUniqueId: valid })}'`)).toBe(1),
          { timeoutMs: 30_000, intervalMs: 50 },
        );
      }),
      { numRuns: 25 },
    );
    // Every message is in exactly one place, and the group has read to the end.
    await eventually(async () => expect((await count('SELECT count(*) FROM record_version')) + (await count('SELECT count(*) FROM ingest_reject'))).toBe(sent));
    await eventually(async () => expect([...(await consumerLag(createKafka(testKafka(), 'ingest-poison-lag', logger), groupId, [topic])).values()]).toEqual([0]));
    // Rejects keep the original bytes; their text columns hold only what PostgreSQL can store.
    const rejects: Array<{ error_path: string; error_message: string }> = await dataSource.query(`SELECT error_path, error_message FROM ingest_reject`);
    for (const reject of rejects) expect(reject.error_message.length).toBeGreaterThan(0);
  });
});
