/**
 * `npm run bench:ingest -- --records 200000`: publishes a realistic mixed load and measures the
 * real ingest service end to end (first publish → last record accounted for), then the same
 * messages through a raw kafkajs + COPY consumer. Last line:
 * `ingest: <n> records/s end-to-end, raw <m> records/s, ratio <r>, peak rss <MB> MB`
 */
import { ContractRegistry } from '@lantern/contracts';
import { HubTopics } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, waitForStableGroup } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { migrateDatabase } from '@lantern/persistence';
import { databaseUrl, dropDatabase, ensureDatabase, lanternStateDir, provisionKafka, provisionPostgres, startHubService, type HubServiceProcess } from '@lantern/provisioning';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { generateMixedLoad } from './mixed-load';

const { values } = parseArgs({ options: { records: { type: 'string', default: '200000' } } });
const RECORDS = Number(values.records);
// One produce request per chunk: its per-partition batch must stay under the broker's 1 MB limit.
const PUBLISH_CHUNK = 500;
const logger = createJsonLogger('bench-ingest', 'warn');
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Highest resident set size of a process so far (Linux), in MB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function waitUntil(client: Client, sql: string, target: number, service: HubServiceProcess): Promise<number> {
  for (;;) {
    const [row] = (await client.query(sql)).rows;
    if (Number(row.done) >= target) return Date.now();
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited early; see .lantern/logs/bench-${service.name}.log`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function publishAll(brokers: string[], topics: HubTopics, messages: Array<{ topic: string; key: string; value: string }>) {
  const producer = await connectProducer(createKafka(brokers, 'bench-publisher', logger));
  try {
    for (let start = 0; start < messages.length; start += PUBLISH_CHUNK) {
      const byTopic = new Map<string, Array<{ key: string; value: string }>>();
      for (const { topic, key, value } of messages.slice(start, start + PUBLISH_CHUNK)) {
        byTopic.set(topics.prefix + topic, [...(byTopic.get(topics.prefix + topic) ?? []), { key, value }]);
      }
      await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, batch]) => ({ topic, messages: batch })) });
    }
  } finally {
    await producer.disconnect();
  }
}

async function main() {
  const registry = ContractRegistry.default();
  say(`generating ${RECORDS} records…`);
  const load = generateMixedLoad(RECORDS, registry).map((envelope) => ({
    topic: registry.topicFor(envelope.contract),
    key: registry.naturalKey(envelope.contract, envelope.record),
    value: JSON.stringify(envelope),
  }));

  const postgres = await provisionPostgres({ stateDir: lanternStateDir('postgres'), log: say });
  const kafka = await provisionKafka({ stateDir: lanternStateDir('kafka-bench'), log: say });
  const database = `lantern_bench_${Date.now()}`;
  await ensureDatabase(postgres.adminUrl, database);
  const url = databaseUrl(postgres.adminUrl, database);
  await migrateDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  const run = Date.now().toString(36);
  const env = { ...process.env, DATABASE_URL: url, KAFKA_BROKERS: kafka.brokers.join(','), LOG_LEVEL: 'warn' };
  const services: HubServiceProcess[] = [];

  try {
    // End to end through the real ingest service.
    const hubTopics = new HubTopics(registry, `bench${run}.`);
    const admin = createKafka(kafka.brokers, 'bench-admin', logger);
    await ensureTopics(admin, hubTopics.all());
    const ingest = startHubService('ingest', 'apps/ingest/src/main.ts', { ...env, LANTERN_TOPIC_PREFIX: hubTopics.prefix, INGEST_GROUP_ID: `bench${run}-ingest` }, { logFile: lanternStateDir('logs', 'bench-ingest.log') });
    services.push(ingest);
    await waitForStableGroup(admin, `bench${run}-ingest`);
    say('publishing to the ingest service…');
    const ingestStart = Date.now();
    await publishAll(kafka.brokers, hubTopics, load);
    const ingestEnd = await waitUntil(client, `SELECT coalesce(sum(stored + duplicates + rejected + parked), 0) AS done FROM ingest_counter`, load.length, ingest);
    const ingestRss = peakRssMb(ingest.child.pid!);
    const [outcome] = (await client.query(`SELECT sum(stored) AS stored, sum(rejected) AS rejected, sum(parked) AS parked, sum(duplicates) AS duplicates FROM ingest_counter`)).rows;
    await ingest.stop();
    const endToEnd = load.length / ((ingestEnd - ingestStart) / 1000);
    say(`ingest: ${load.length} records in ${((ingestEnd - ingestStart) / 1000).toFixed(1)} s (stored ${outcome.stored}, parked ${outcome.parked}, duplicates ${outcome.duplicates}, rejected ${outcome.rejected})`);

    // Raw baseline: same messages, kafkajs + COPY, nothing else.
    const rawTopics = new HubTopics(registry, `raw${run}.`);
    await ensureTopics(admin, rawTopics.all());
    const raw = startHubService('raw-copy', 'tools/bench/raw-copy-consumer.ts', { ...env, RAW_TOPICS: rawTopics.inbound().join(','), RAW_GROUP_ID: `raw${run}` }, { logFile: lanternStateDir('logs', 'bench-raw-copy.log') });
    services.push(raw);
    await waitForStableGroup(admin, `raw${run}`);
    say('publishing to the raw baseline…');
    const rawStart = Date.now();
    await publishAll(kafka.brokers, rawTopics, load);
    const rawEnd = await waitUntil(client, `SELECT count(*) AS done FROM raw_message`, load.length, raw);
    await raw.stop();
    const rawRate = load.length / ((rawEnd - rawStart) / 1000);

    console.log(`ingest: ${Math.round(endToEnd)} records/s end-to-end, raw ${Math.round(rawRate)} records/s, ratio ${(endToEnd / rawRate).toFixed(2)}, peak rss ${Math.round(ingestRss)} MB`);
  } finally {
    // A failed run must not leave a consumer behind.
    await Promise.all(services.map((service) => service.stop()));
    await client.end();
    await dropDatabase(postgres.adminUrl, database).catch(() => undefined);
    await kafka.stop();
    await postgres.stop();
  }
}

main().catch((error: Error) => {
  say(`failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
