/**
 * The hub the browser tests run against (Playwright's webServer): PostgreSQL (DATABASE_URL, the
 * machine's, or embedded), a fresh migrated database holding the fixtures, a secured Kafka broker
 * (KAFKA_BROKERS, or a local one), and the real ingest, worker and API processes, the API serving
 * the current web app build. Stops and drops all of it on SIGTERM.
 *
 * The console signs in through the development identity provider, run here on a port of its own,
 * with one person per role (console-fixture.ts) registered in the hub's people table.
 */
import { generateCertificateAuthority, PeopleRegistry } from '@lantern/access';
import { Role } from '@lantern/governance';
import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import {
  databaseUrl,
  dropDatabase,
  dropServiceLogin,
  ensureDatabase,
  ensureServiceLogin,
  ensureWebBuild,
  lanternStateDir,
  provisionKafka,
  provisionPostgres,
  startDevelopmentIdentityProvider,
  startHubService,
  WEB_BUILD_DIR,
} from '@lantern/provisioning';
import { AuditLog } from '@lantern/audit';
import { IndicatorStore } from '@lantern/outcomes-store';
import { kafkaEnvironmentOf } from '@lantern/kafka';
import { generateKeyPairSync } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { CONSOLE_PEOPLE } from './console-fixture';
import { directoryEnvelopes } from './directory-fixture';
import { storeFixtureRecords } from './fixture-store';
import { EARLIER_YEAR, OUTCOMES_YEAR, outcomesRun } from './outcomes-fixture';
import { storeWatchList, WATCH_LIST_DAY } from './watch-list-fixture';
import { seedReviews } from './reviews-fixture';
import { seedSidChanges } from './sid-changes-fixture';
import { seedResearch } from './research-fixture';
import { publishIngestionFixture } from './ingestion-fixture';
import { saveUnreleasedRun } from './releases-fixture';
import { storeCareFixture } from './care-fixture';
import { seedGovernanceDisclosure } from './governance-fixture';

const say = (line: string) => process.stdout.write(`[browser-tests-hub] ${line}\n`);
const cleanups: Array<() => Promise<void>> = [];

async function main() {
  const port = process.env.LANTERN_E2E_PORT;
  if (!port) throw new Error('LANTERN_E2E_PORT is required (playwright.config.ts sets it)');
  await ensureWebBuild(say);

  const postgres = await provisionPostgres({ stateDir: lanternStateDir('e2e'), log: say });
  cleanups.push(() => postgres.stop());
  // Per port, so that browser tests run on other ports at the same time keep brokers of their own.
  const kafka = await provisionKafka({ stateDir: lanternStateDir(`e2e-kafka-${port}`), log: say });
  cleanups.push(() => kafka.stop());
  const name = `lantern_e2e_${process.pid}`;
  await ensureDatabase(postgres.adminUrl, name);
  cleanups.push(() => dropDatabase(postgres.adminUrl, name));
  const ownerUrl = databaseUrl(postgres.adminUrl, name);
  await migrateDatabase(ownerUrl);
  await withDataSource(ownerUrl, storeDirectory);
  await withDataSource(ownerUrl, releaseOutcomes);
  say(`stored ${await withDataSource(ownerUrl, storeWatchList)} watch-list records and their agreement`);
  await withDataSource(ownerUrl, seedReviews);
  await withDataSource(ownerUrl, seedSidChanges);
  await withDataSource(ownerUrl, seedResearch);
  await withDataSource(ownerUrl, saveUnreleasedRun);
  await withDataSource(ownerUrl, storeCareFixture);
  await withDataSource(ownerUrl, seedGovernanceDisclosure);
  const redirectUri = `http://127.0.0.1:${port}/auth/callback`;
  const people = Object.values(CONSOLE_PEOPLE);
  const identityProvider = await startDevelopmentIdentityProvider({
    people: people.map(({ subject, name, role, organizationId }) => ({ subject, name, description: `${role}, ${organizationId}` })),
    redirectUris: [redirectUri],
  });
  cleanups.push(() => identityProvider.stop());
  await withDataSource(ownerUrl, (dataSource) => registerPeople(dataSource, identityProvider.issuer));
  const login = `${name}_service`;
  const serviceUrl = databaseUrl(await ensureServiceLogin(postgres.adminUrl, login), name);
  cleanups.push(() => dropServiceLogin(postgres.adminUrl, login));
  const packageDir = path.join(lanternStateDir('e2e-extracts'), name);
  cleanups.push(() => rm(packageDir, { recursive: true, force: true }));

  const { certificatePem, privateKey } = generateCertificateAuthority('Lantern browser tests CA');
  // The worker signs the audit log's checkpoints with this key, and the API holds a steward's verification to them.
  const checkpointKey = generateKeyPairSync('ed25519');
  const environment = {
    ...process.env,
    DATABASE_URL: serviceUrl,
    ...kafkaEnvironmentOf(kafka.connection),
    // Topics of this run only: a broker given in KAFKA_BROKERS may be shared.
    LANTERN_TOPIC_PREFIX: `e2e${process.pid}.`,
    API_HOST: '127.0.0.1',
    API_PORT: port,
    // Any free port for the ingest service's health and metrics, so browser tests on other ports can run at the same time.
    INGEST_HTTP_PORT: '0',
    API_WEB_ROOT: WEB_BUILD_DIR,
    LANTERN_DEV_EPHEMERAL_KEYS: 'true',
    LANTERN_CA_CERT_PEM: certificatePem,
    LANTERN_CA_KEY_PEM: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    EXTRACT_PACKAGE_DIR: packageDir,
    LOG_LEVEL: 'warn',
    OIDC_ISSUER: identityProvider.issuer,
    OIDC_CLIENT_ID: identityProvider.clientId,
    OIDC_CLIENT_SECRET: identityProvider.clientSecret,
    OIDC_REDIRECT_URI: redirectUri,
    LANTERN_DEV_WATCH_LIST_DATE: WATCH_LIST_DAY,
    LANTERN_AUDIT_CHECKPOINT_KEY_PEM: checkpointKey.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    LANTERN_AUDIT_CHECKPOINT_PUBLIC_KEY_PEM: checkpointKey.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    LANTERN_AUDIT_CHECKPOINT_SECONDS: '1',
  };
  await withDataSource(ownerUrl, (dataSource) => publishIngestionFixture(dataSource, kafka.connection, environment.LANTERN_TOPIC_PREFIX));
  startService('ingest', 'apps/ingest/src/main.ts', environment);
  startService('worker', 'apps/worker/src/main.ts', environment);
  startService('api', 'apps/api/src/main.ts', environment);
  say(`API starting on http://127.0.0.1:${port}`);
}

function startService(name: string, entry: string, environment: NodeJS.ProcessEnv): void {
  const logFile = path.join(lanternStateDir('logs'), `e2e-${name}.log`);
  const service = startHubService(name, entry, environment, { logFile, onStderr: (text) => process.stderr.write(`[${name}] ${text}`) });
  cleanups.push(() => service.stop());
  void service.exited.then((how) => {
    if (stopping) return;
    say(`the ${name} service exited (${how}); its log: .lantern/logs/e2e-${name}.log`);
    void stop(1);
  });
}

/** A short-lived connection for one step of the set-up. */
async function withDataSource<T>(databaseUrl: string, step: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = createHubDataSource(databaseUrl, [], { poolSize: 1 });
  await dataSource.initialize();
  try {
    return await step(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The school directory, stored as ingestion stores it. */
async function storeDirectory(dataSource: DataSource) {
  say(`stored ${await storeFixtureRecords(dataSource, 'directory', directoryEnvelopes())} directory records`);
}

/** The outcomes fixture's runs, stored and released through the outcomes store as the job and a steward do. */
async function releaseOutcomes(dataSource: DataSource) {
  const store = new IndicatorStore(dataSource);
  for (const year of [EARLIER_YEAR, OUTCOMES_YEAR]) {
    const { runId } = await store.saveRun(outcomesRun(year));
    await store.release(runId, 'e2e-steward', new AuditLog(dataSource));
  }
  say('released the outcomes fixture');
}

/** The console's people, registered for the identity provider's issuer as a steward registers a person. */
async function registerPeople(dataSource: DataSource, issuer: string) {
  const registry = new PeopleRegistry(dataSource, new AuditLog(dataSource));
  for (const { subject, name, role, organizationId } of Object.values(CONSOLE_PEOPLE)) {
    await registry.add({ issuer, subject, role: role as Role, organizationId, displayName: name }, 'e2e');
  }
  say('registered the console people');
}

let stopping = false;
async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: Error) => say(`while stopping: ${error.message}`));
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error: Error) => {
  say(`start failed: ${error.message}`);
  void stop(1);
});
