/**
 * `npm run bench:ingest -- --records 200000`: publishes a realistic mixed load and measures the
 * real ingest service end to end (first publish → last record accounted for), then the same
 * messages through a raw Kafka + COPY consumer. Last line:
 * `ingest: <n> records/s end-to-end, raw <m> records/s, ratio <r>, peak rss <MB> MB`
 */
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { personIdentityOf } from '@lantern/identity-service';
import { HubTopics } from '@lantern/ingest';
import { connectProducer, consumerLag, createKafka, ensureTopics, type KafkaConnection, kafkaEnvironmentOf, waitForStableGroup } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { lanternStateDir, provisionKafka, startHubService, type HubServiceProcess } from '@lantern/provisioning';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { provisionBenchDatabase } from './bench-database';
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

async function waitUntil(done: () => Promise<boolean>, service: HubServiceProcess): Promise<number> {
  for (;;) {
    if (await done()) return Date.now();
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited early; see .lantern/logs/bench-${service.name}.log`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const countReaches = (client: Client, sql: string, target: number) => async () => Number((await client.query(sql)).rows[0].done) >= target;

/**
 * Checks that the run stored every distinct version exactly once, parked and rejected nothing,
 * gave every person a crosswalk row, and recorded each identity decision once in the outbox
 * and once in the audit log; throws naming the first difference.
 */
async function verifyOutcome(client: Client, load: Envelope[], registry: ContractRegistry): Promise<string> {
  const versions = new Set(load.map((e) => [e.contract, registry.naturalKey(e.contract, e.record), e.sourceSystem, Date.parse(e.eventTime)].join('\u0000')));
  const identities = load.flatMap((e) => {
    const identity = personIdentityOf(registry.contract(e.contract), e.sourceSystem, e.record);
    return identity ? [{ key: `${identity.sourceSystem}\u0000${identity.localId}`, withAttributes: identity.person !== undefined }] : [];
  });
  const people = new Set(identities.filter((identity) => identity.withAttributes).map((identity) => identity.key));
  // A source naming a child only by a statewide id it never sent attributes for gets a crosswalk row of its own (ADR 0012).
  const statewideLinks = new Set(identities.filter((identity) => !people.has(identity.key)).map((identity) => identity.key));
  const [row] = (
    await client.query(`
      SELECT (SELECT count(*) FROM record_version)::int AS stored,
             (SELECT count(*) FROM parked_record)::int AS parked,
             (SELECT count(*) FROM ingest_reject)::int AS rejected,
             (SELECT count(*) FROM identity_record)::int AS crosswalk,
             (SELECT count(*) FROM identity_event)::int AS events,
             (SELECT coalesce(sum(jsonb_array_length(details->'decisions')), 0) FROM audit_entry WHERE kind = 'identity-link')::int AS audited,
             (SELECT count(*) FROM record_version v WHERE v.person_local_id IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM identity_record i WHERE i.source_system = v.source_system AND i.local_id = v.person_local_id))::int AS without_sid`)
  ).rows;
  const decisions = people.size + statewideLinks.size;
  const expected = { stored: versions.size, parked: 0, rejected: 0, crosswalk: decisions, events: decisions, audited: decisions, without_sid: 0 };
  for (const [name, count] of Object.entries(expected)) {
    if (row[name] !== count) throw new Error(`verification failed: ${name} is ${row[name]}, expected ${count}`);
  }
  return `stored ${row.stored} versions once each, ${people.size} people and ${statewideLinks.size} statewide-id links with one crosswalk row, outbox event and audited decision each`;
}

async function publishAll(connection: KafkaConnection, topics: HubTopics, messages: Array<{ topic: string; key: string; value: string }>) {
  const producer = await connectProducer(createKafka(connection, 'bench-publisher', logger));
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
  const envelopes = generateMixedLoad(RECORDS, registry);
  const load = envelopes.map((envelope) => ({
    topic: registry.topicFor(envelope.contract),
    key: registry.naturalKey(envelope.contract, envelope.record),
    value: JSON.stringify(envelope),
  }));

  const database = await provisionBenchDatabase(say);
  const { url } = database;
  const kafka = await provisionKafka({ stateDir: lanternStateDir('kafka-bench'), log: say });
  const client = new Client({ connectionString: url });
  await client.connect();
  const run = Date.now().toString(36);
  const env = { ...process.env, DATABASE_URL: url, ...kafkaEnvironmentOf(kafka.connection), LOG_LEVEL: 'warn' };
  const services: HubServiceProcess[] = [];

  try {
    // End to end through the real ingest service.
    const hubTopics = new HubTopics(registry, `bench${run}.`);
    const admin = createKafka(kafka.connection, 'bench-admin', logger);
    await ensureTopics(admin, hubTopics.all());
    const ingest = startHubService(
      'ingest',
      'apps/ingest/src/main.ts',
      { ...env, LANTERN_TOPIC_PREFIX: hubTopics.prefix, INGEST_GROUP_ID: `bench${run}-ingest`, INGEST_HTTP_PORT: '0' },
      { logFile: lanternStateDir('logs', 'bench-ingest.log') },
    );
    services.push(ingest);
    await waitForStableGroup(admin, `bench${run}-ingest`);
    say('publishing to the ingest service…');
    const ingestStart = Date.now();
    await publishAll(kafka.connection, hubTopics, load);
    // Counters reach the total first (a redelivered batch counts again as duplicates); the
    // run ends when the group has committed every offset, i.e. every batch's transaction is done.
    await waitUntil(countReaches(client, `SELECT coalesce(sum(stored + duplicates + rejected + parked), 0) AS done FROM ingest_counter`, load.length), ingest);
    const ingestEnd = await waitUntil(async () => [...(await consumerLag(admin, `bench${run}-ingest`, hubTopics.inbound())).values()].every((lag) => lag === 0), ingest);
    const ingestRss = peakRssMb(ingest.child.pid!);
    const [outcome] = (await client.query(`SELECT sum(stored) AS stored, sum(rejected) AS rejected, sum(parked) AS parked, sum(duplicates) AS duplicates FROM ingest_counter`)).rows;
    await ingest.stop();
    const endToEnd = load.length / ((ingestEnd - ingestStart) / 1000);
    say(
      `ingest: ${load.length} records in ${((ingestEnd - ingestStart) / 1000).toFixed(1)} s (stored ${outcome.stored}, parked ${outcome.parked}, duplicates ${outcome.duplicates}, rejected ${outcome.rejected})`,
    );
    say(`verified: ${await verifyOutcome(client, envelopes, registry)}`);

    // Raw baseline: same messages, Kafka batch consumer + COPY, nothing else.
    const rawTopics = new HubTopics(registry, `raw${run}.`);
    await ensureTopics(admin, rawTopics.all());
    const raw = startHubService(
      'raw-copy',
      'tools/bench/raw-copy-consumer.ts',
      // The baseline makes a table of its own, which the services' login may not.
      { ...env, DATABASE_URL: database.ownerUrl, RAW_TOPICS: rawTopics.inbound().join(','), RAW_GROUP_ID: `raw${run}` },
      { logFile: lanternStateDir('logs', 'bench-raw-copy.log') },
    );
    services.push(raw);
    await waitForStableGroup(admin, `raw${run}`);
    say('publishing to the raw baseline…');
    const rawStart = Date.now();
    await publishAll(kafka.connection, rawTopics, load);
    const rawEnd = await waitUntil(countReaches(client, `SELECT count(*) AS done FROM raw_message`, load.length), raw);
    await raw.stop();
    const rawRate = load.length / ((rawEnd - rawStart) / 1000);

    console.log(`ingest: ${Math.round(endToEnd)} records/s end-to-end, raw ${Math.round(rawRate)} records/s, ratio ${(endToEnd / rawRate).toFixed(2)}, peak rss ${Math.round(ingestRss)} MB`);
  } finally {
    // A failed run must not leave a consumer behind.
    await Promise.all(services.map((service) => service.stop()));
    await client.end();
    await kafka.stop();
    await database.dispose();
  }
}

main().catch((error: Error) => {
  say(`failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
