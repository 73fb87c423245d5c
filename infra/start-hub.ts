/**
 * `npm start`: provisions Kafka and PostgreSQL, migrates, starts the ingest, worker and API
 * services, publishes the demo records through Kafka, and stops everything it started on
 * Ctrl-C. Service logs (JSON) go to .lantern/logs/.
 */
import { ClientRegistry, generateCertificateAuthority, parseNewClient } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { localDateOf } from '@lantern/care-rules';
import { ContractRegistry } from '@lantern/contracts';
import { HubTopics, ProducingSystems, RecordPublisher, registerProducingSystem } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, type KafkaConnection, kafkaEnvironmentOf } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import {
  databaseUrl,
  ensureDatabase,
  ensureServiceLogin,
  ensureWebBuild,
  kcatProducerCommand,
  lanternStateDir,
  provisionKafka,
  provisionPostgres,
  redactUrl,
  startDevelopmentIdentityProvider,
  startHubService,
} from '@lantern/provisioning';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { registerDemoAgreements } from './demo/demo-agreements';
import { DEMO_COHORT_SEED, demoCurrentYear, describeCurrentYear } from './demo/demo-current-year';
import { demoPeopleTasks } from './demo/demo-guide';
import { DEMO_PEOPLE, registerDemoPeople } from './demo/demo-people';
import { DEMO_STUDENT_ID, demoEnvelopes, demoInvalidEnvelope } from './demo/demo-records';
import { describeDemoState, publishDemoState, releaseDemoOutcomes } from './demo/demo-state';
import { developmentCheckpointKeys } from './development-checkpoint-keys';

const API_PORT = Number(process.env.API_PORT ?? 3000);
/** The development identity provider's port: fixed, so its issuer (and the demo people registered for it) stay the same across starts. */
const DEV_IDP_PORT = Number(process.env.LANTERN_DEV_IDP_PORT ?? 3005);
const READY_TIMEOUT_MS = 90_000;
const HUB_SERVICE_LOGIN = 'lantern_hub_service';

const say = (line: string) => process.stdout.write(`[lantern] ${line}\n`);
const cleanups: Array<() => Promise<void>> = [];
let stopping = false;

async function main() {
  say('provisioning PostgreSQL…');
  const postgres = await provisionPostgres({ stateDir: lanternStateDir('postgres'), log: say });
  cleanups.push(() => postgres.stop());
  let hubDatabaseUrl = postgres.adminUrl;
  if (postgres.source !== 'env') {
    await ensureDatabase(postgres.adminUrl, 'lantern');
    hubDatabaseUrl = databaseUrl(postgres.adminUrl, 'lantern');
  }
  say(`PostgreSQL (${postgres.source}): ${redactUrl(hubDatabaseUrl)}`);

  say('provisioning Kafka (first run resolves the broker jars with Maven)…');
  const kafka = await provisionKafka({ stateDir: lanternStateDir('kafka-hub'), log: say });
  cleanups.push(() => kafka.stop());
  say(
    `Kafka (${kafka.source}): ${kafka.brokers.join(',')}${kafka.connection.security ? ` (TLS and SASL/SCRAM-SHA-512 only; the hub's services log in as ${kafka.connection.security.username})` : ''}`,
  );

  const applied = await migrateDatabase(hubDatabaseUrl);
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
  // The services log in as a member of lantern_service, never as the owner that just migrated (ADR 0018).
  const serviceDatabaseUrl = await ensureServiceLogin(hubDatabaseUrl, HUB_SERVICE_LOGIN);
  say(`PostgreSQL: the services log in as ${HUB_SERVICE_LOGIN} (lantern_service: rows, not the schema); only migrations use ${redactUrl(hubDatabaseUrl)}`);

  const steward = await registerDemoSteward(serviceDatabaseUrl);
  (await withDataSource(serviceDatabaseUrl, (dataSource) => registerDemoAgreements(dataSource))).forEach(say);
  // Before the ingest service starts, so that it consumes the demo producer's topics.
  const demoProducer = kafka.source === 'local' ? await registerDemoProducer(hubDatabaseUrl, kafka.connection) : undefined;

  const consoleSignIn = await developmentConsoleSignIn(serviceDatabaseUrl);
  // A development hub signs tokens with keys made at start; production configures LANTERN_JWT_KEYS.
  const environment = {
    ...consoleSignIn,
    ...process.env,
    DATABASE_URL: serviceDatabaseUrl,
    ...kafkaEnvironmentOf(kafka.connection),
    API_PORT: String(API_PORT),
    LANTERN_DEV_EPHEMERAL_KEYS: process.env.LANTERN_JWT_KEYS ? 'false' : 'true',
    ...developmentCertificateAuthority(),
  };
  const checkpointKeys = developmentCheckpointKeys(process.env);
  // Before the API starts: it serves the public pages from the build it finds then.
  await ensureWebBuild(say);
  startService('ingest', 'apps/ingest/src/main.ts', environment);
  startService('worker', 'apps/worker/src/main.ts', { ...environment, ...checkpointKeys.worker });
  startService('api', 'apps/api/src/main.ts', { ...environment, ...checkpointKeys.api });

  const apiUrl = `http://127.0.0.1:${API_PORT}`;
  await waitFor(`${apiUrl}/health/ready`, (status) => status === 200);
  say('API ready; publishing the demo records through Kafka…');
  const demoStarted = Date.now();
  await publishDemoRecords(kafka.connection);
  const token = await accessToken(apiUrl, steward);
  await waitFor(`${apiUrl}/k12/students/${DEMO_STUDENT_ID}`, (status) => status === 200, { authorization: `Bearer ${token}` });
  say(`demo records ingested in ${await demoIngested(apiUrl, token, demoStarted)}`);
  // The job streams its facts beside its snapshot's transaction: two connections.
  await withDataSource(serviceDatabaseUrl, async (dataSource) => (await releaseDemoOutcomes(dataSource)).forEach(say), 2);

  say(`API:      ${apiUrl}`);
  say(`API docs: ${apiUrl}/docs`);
  say(`Public:   ${apiUrl}/ (school search and school pages, no sign-in)`);
  say(`Demo steward client (shown once; a new one each start): ${steward.clientId} / ${steward.clientSecret}`);
  say(`Demo:     curl -s -u ${steward.clientId}:<secret> -d grant_type=client_credentials ${apiUrl}/oauth/token`);
  say(`          curl -s -H "Authorization: Bearer <access_token>" ${apiUrl}/k12/students/${DEMO_STUDENT_ID}`);
  if (demoProducer) {
    say(`Publish as the demo district's own Kafka principal (it may write only under ${demoProducer.topicPrefix}, for source system ${DEMO_PRODUCER_SOURCE}):`);
    say(`          tr -d '\\n' < contracts/examples/k12/student.v1.json | ${demoProducer.kcat}`);
  }
  if (consoleSignIn.OIDC_ISSUER === undefined) say('Console:  signs in with the identity provider in OIDC_ISSUER');
  else {
    say(`Console:  ${apiUrl}/console (sign in through the development identity provider ${consoleSignIn.OIDC_ISSUER}, one click, as one of:)`);
    for (const person of DEMO_PEOPLE) say(`          ${person.name} (${person.description})`);
    say('Try:      (the demo data and agreements let each of them do their main task)');
    for (const task of demoPeopleTasks(apiUrl, localDateOf(new Date()))) say(`          ${task}`);
  }
  if (checkpointKeys.api.LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM)
    say(`Audit:    the worker signs audit checkpoints with a key made for this run; ${apiUrl}/console/audit verifies the log against them`);
  say(`Logs:     ${lanternStateDir('logs')}`);
  say('Running. Press Ctrl-C to stop everything.');
}

function startService(name: string, entry: string, environment: NodeJS.ProcessEnv): void {
  const logFile = path.join(lanternStateDir('logs'), `${name}.log`);
  // Start-up failures (e.g. a bad setting) are one line on stderr: show them here too.
  const service = startHubService(name, entry, environment, { logFile, onStderr: (text) => process.stderr.write(`[${name}] ${text}`) });
  void service.exited.then((how) => {
    if (stopping) return;
    say(`${name} exited unexpectedly (${how}); see ${logFile}`);
    void shutdown(1);
  });
  cleanups.push(() => service.stop());
}

/**
 * The API issues client certificates and serves the CA certificate; the worker has the same CA
 * issue it an extract signing certificate at start-up, so packages verify with
 * `lantern extract verify --ca`. Unless one is configured, both get a CA made now (it dies with this run).
 */
function developmentCertificateAuthority(): Record<string, string> {
  if (process.env.LANTERN_CA_CERT_PEM || process.env.LANTERN_CA_KEY_PEM) return {};
  const { certificatePem, privateKey } = generateCertificateAuthority('Lantern development hub CA');
  return { LANTERN_CA_CERT_PEM: certificatePem, LANTERN_CA_KEY_PEM: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

async function publishDemoRecords(connection: KafkaConnection) {
  const registry = ContractRegistry.default();
  const topics = new HubTopics(registry);
  const logger = createJsonLogger('demo-loader', 'warn');
  const client = createKafka(connection, 'lantern-demo-loader', logger);
  await ensureTopics(client, topics.all());
  const producer = await connectProducer(client);
  try {
    const version = registry.contract('edfi.student').version;
    const publisher = new RecordPublisher(producer, registry, topics);
    await publisher.publish([...demoEnvelopes(version), demoInvalidEnvelope(version)]);
    const loaded = await publishDemoState(
      (envelopes) => publisher.publish(envelopes),
      (contract) => registry.contract(contract).version,
    );
    describeDemoState(loaded).forEach(say);
    // The watch list and the care notices need children enrolled today: the synthetic state's years are over.
    const today = localDateOf(new Date());
    const currentYear = demoCurrentYear(today, DEMO_COHORT_SEED, (contract) => registry.contract(contract).version);
    await publisher.publish(currentYear);
    say(describeCurrentYear(today, DEMO_COHORT_SEED, currentYear));
  } finally {
    await producer.disconnect();
  }
}

const DEMO_PRODUCER = 'demo-district';
const DEMO_PRODUCER_SOURCE = 'lea-255901.sis';
const DEMO_PRODUCER_DISTRICT = '255901';

/** A producing system with a Kafka principal of its own (ADR 0017): only under its own topic prefix, only as its source system. */
async function registerDemoProducer(databaseUrl: string, connection: KafkaConnection) {
  return withDataSource(databaseUrl, async (dataSource) => {
    const topics = new HubTopics(ContractRegistry.default());
    const registered = await registerProducingSystem(
      { topics, hub: connection, registry: new ProducingSystems(dataSource, new AuditLog(dataSource)) },
      DEMO_PRODUCER,
      { sourceSystems: [DEMO_PRODUCER_SOURCE], agencyIds: [], educationOrganizationIds: [DEMO_PRODUCER_DISTRICT] },
      'npm-start',
    );
    const topic = registered.topics.find((name) => name.endsWith(topics.topicFor('edfi.student')))!;
    const caFile = path.join(lanternStateDir('kafka-hub'), 'security', 'ca.pem');
    return {
      topicPrefix: registered.topicPrefix,
      kcat: kcatProducerCommand({ brokers: connection.brokers, caFile, username: registered.username, password: registered.password, topic }),
    };
  });
}

/**
 * Unless OIDC_ISSUER names a real identity provider, the console signs people in through the
 * development one, run here on its own port with one demo person per role, each registered in
 * the hub's people table. A production API refuses this provider (ADR 0023).
 */
async function developmentConsoleSignIn(databaseUrl: string): Promise<Record<string, string>> {
  if (process.env.OIDC_ISSUER) return {};
  const redirectUri = `http://127.0.0.1:${API_PORT}/auth/callback`;
  const provider = await startDevelopmentIdentityProvider({ people: DEMO_PEOPLE, redirectUris: [redirectUri], port: DEV_IDP_PORT });
  cleanups.push(() => provider.stop());
  await withDataSource(databaseUrl, (dataSource) => registerDemoPeople(dataSource, provider.issuer));
  return { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_REDIRECT_URI: redirectUri };
}

/** A steward client for trying the API, registered the way `lantern clients add` does. */
async function registerDemoSteward(databaseUrl: string) {
  return withDataSource(databaseUrl, async (dataSource) => {
    const client = parseNewClient({ role: 'steward', organizationId: 'state', displayName: 'npm start demo steward' });
    const { registration, clientSecret } = await new ClientRegistry(dataSource, new AuditLog(dataSource)).register(client, 'npm-start');
    return { clientId: registration.clientId, clientSecret };
  });
}

/** A short-lived connection for one step of the start-up. */
async function withDataSource<T>(databaseUrl: string, step: (dataSource: DataSource) => Promise<T>, poolSize = 1): Promise<T> {
  const dataSource = createHubDataSource(databaseUrl, [], { poolSize });
  await dataSource.initialize();
  try {
    return await step(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function accessToken(apiUrl: string, client: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${apiUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (!response.ok) throw new Error(`token request failed with ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Waits until ingest has consumed every demo message (no consumer lag), and says how long that took and what it kept. */
async function demoIngested(apiUrl: string, token: string, since: number): Promise<string> {
  type Status = { topics: { consumerLag: number }[]; sources: { stored: number; parked: number; rejected: number }[] };
  for (;;) {
    const response = await fetch(`${apiUrl}/ingest/status`, { headers: { authorization: `Bearer ${token}` } });
    const status = response.ok ? ((await response.json()) as Status) : undefined;
    if (status && status.topics.every((topic) => topic.consumerLag === 0)) {
      const total = (field: 'stored' | 'parked' | 'rejected') => status.sources.reduce((sum, source) => sum + source[field], 0);
      return `${Math.round((Date.now() - since) / 1000)} s: the hub holds ${total('stored')} record versions, ${total('parked')} parked, ${total('rejected')} rejected`;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function waitFor(url: string, accept: (status: number) => boolean, headers: Record<string, string> = {}) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const status = await fetch(url, { headers }).then(
      (response) => response.status,
      () => 0,
    );
    if (accept(status)) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer as expected within ${READY_TIMEOUT_MS / 1000} s (last status ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function shutdown(exitCode: number) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  // Services first (they hold connections), then the broker and the database.
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch((error: Error) => say(`while stopping: ${error.message}`));
  }
  say('stopped.');
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error: Error) => {
  say(`start failed: ${error.message}`);
  void shutdown(1);
});
