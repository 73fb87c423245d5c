/**
 * The ingest benchmark's baseline: the same messages consumed with libs/kafka's batch consumer
 * and written with COPY, with no validation, identity or versioning, i.e. the floor Kafka +
 * PostgreSQL set.
 */
import { KAFKA_CONNECTION_SETTINGS, loadSettingsOrExit, setting } from '@lantern/config';
import { BatchConsumer, createKafka, kafkaConnectionOf } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const settings = loadSettingsOrExit({
  DATABASE_URL: setting.postgresUrl(),
  ...KAFKA_CONNECTION_SETTINGS,
  RAW_TOPICS: setting.text(),
  RAW_GROUP_ID: setting.text(),
});
const logger = createJsonLogger('raw-copy-consumer', 'warn');
const pool = new Pool({ connectionString: settings.DATABASE_URL, max: 2 });

/** COPY text format: escape backslash, tab, newline and carriage return. */
const copyText = (value: string) => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

async function main() {
  await pool.query(`CREATE TABLE IF NOT EXISTS raw_message (topic text, partition int, kafka_offset bigint, value jsonb)`);
  const consumer = new BatchConsumer(
    createKafka(kafkaConnectionOf(settings), 'raw-copy-consumer', logger),
    {
      groupId: settings.RAW_GROUP_ID,
      topics: settings.RAW_TOPICS.split(','),
      handleBatch: async (messages) => {
        const client = await pool.connect();
        try {
          const rows = messages.map((m) => `${m.topic}\t${m.partition}\t${m.offset}\t${copyText(m.value?.toString() ?? 'null')}\n`);
          await pipeline(Readable.from(rows), client.query(copyFrom('COPY raw_message (topic, partition, kafka_offset, value) FROM STDIN')));
        } finally {
          client.release();
        }
      },
    },
    logger,
  );
  await consumer.start();
  const stop = () =>
    void consumer
      .stop()
      .then(() => pool.end())
      .then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`raw consumer failed: ${error.message}\n`);
  process.exit(1);
});
