/**
 * The hub the browser tests run against (Playwright's webServer): PostgreSQL (DATABASE_URL, the
 * machine's, or embedded), a fresh migrated database holding the school directory fixture, and
 * the real API process serving the current web app build. Stops and drops all of it on SIGTERM.
 *
 * The public pages read PostgreSQL alone, so no broker is started; the API is given an address
 * where none listens (its readiness says Kafka is down, and Playwright waits on liveness). The
 * console signs in through the development identity provider, run here on a port of its own, with
 * one steward registered in the hub's people table.
 */
import { PeopleRegistry } from '@lantern/access';
import { ContractRegistry, parseMessage, valueAtPointer } from '@lantern/contracts';
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
  provisionPostgres,
  startDevelopmentIdentityProvider,
  startHubService,
  WEB_BUILD_DIR,
} from '@lantern/provisioning';
import { AuditLog } from '@lantern/audit';
import { IndicatorStore } from '@lantern/outcomes-store';
import { type NewVersion, RecordVersionStore } from '@lantern/records';
import path from 'node:path';
import { CONSOLE_STEWARD } from './console-fixture';
import { directoryEnvelopes } from './directory-fixture';
import { EARLIER_YEAR, OUTCOMES_YEAR, outcomesRun } from './outcomes-fixture';

const say = (line: string) => process.stdout.write(`[public-pages-hub] ${line}\n`);
const cleanups: Array<() => Promise<void>> = [];

async function main() {
  const port = process.env.LANTERN_E2E_PORT;
  if (!port) throw new Error('LANTERN_E2E_PORT is required (playwright.config.ts sets it)');
  await ensureWebBuild(say);

  const postgres = await provisionPostgres({ stateDir: lanternStateDir('e2e'), log: say });
  cleanups.push(() => postgres.stop());
  const name = `lantern_e2e_${process.pid}`;
  await ensureDatabase(postgres.adminUrl, name);
  cleanups.push(() => dropDatabase(postgres.adminUrl, name));
  const ownerUrl = databaseUrl(postgres.adminUrl, name);
  await migrateDatabase(ownerUrl);
  await storeDirectory(ownerUrl);
  await releaseOutcomes(ownerUrl);
  const redirectUri = `http://127.0.0.1:${port}/auth/callback`;
  const identityProvider = await startDevelopmentIdentityProvider({
    people: [{ subject: CONSOLE_STEWARD.subject, name: CONSOLE_STEWARD.name, description: `${CONSOLE_STEWARD.role}, ${CONSOLE_STEWARD.organizationId}` }],
    redirectUris: [redirectUri],
  });
  cleanups.push(() => identityProvider.stop());
  await registerSteward(ownerUrl, identityProvider.issuer);
  const login = `${name}_service`;
  const serviceUrl = databaseUrl(await ensureServiceLogin(postgres.adminUrl, login), name);
  cleanups.push(() => dropServiceLogin(postgres.adminUrl, login));

  const api = startHubService(
    'api',
    'apps/api/src/main.ts',
    {
      ...process.env,
      DATABASE_URL: serviceUrl,
      KAFKA_BROKERS: '127.0.0.1:9',
      API_HOST: '127.0.0.1',
      API_PORT: port,
      API_WEB_ROOT: WEB_BUILD_DIR,
      LANTERN_DEV_EPHEMERAL_KEYS: 'true',
      LOG_LEVEL: 'warn',
      OIDC_ISSUER: identityProvider.issuer,
      OIDC_CLIENT_ID: identityProvider.clientId,
      OIDC_CLIENT_SECRET: identityProvider.clientSecret,
      OIDC_REDIRECT_URI: redirectUri,
    },
    { logFile: path.join(lanternStateDir('logs'), 'e2e-api.log'), onStderr: (text) => process.stderr.write(`[api] ${text}`) },
  );
  cleanups.push(() => api.stop());
  void api.exited.then((how) => {
    if (stopping) return;
    say(`the API exited (${how}); its log: .lantern/logs/e2e-api.log`);
    void stop(1);
  });
  say(`API starting on http://127.0.0.1:${port}`);
}

/** The fixture's records, validated against their contracts and stored through the records library as ingestion stores them. */
async function storeDirectory(ownerUrl: string) {
  const registry = ContractRegistry.default();
  const versions = directoryEnvelopes((contract) => registry.contract(contract).version).map((envelope, offset): NewVersion => {
    const parsed = parseMessage(Buffer.from(JSON.stringify(envelope)), registry, { maxBytes: 65536 });
    if (parsed.kind === 'rejected') throw new Error(`fixture ${envelope.contract} rejected at ${parsed.stage} ${parsed.errorPath}: ${parsed.message}`);
    const { contract } = parsed;
    return {
      contractId: contract.id,
      contractVersion: parsed.envelope.contractVersion,
      sourceSystem: parsed.envelope.sourceSystem,
      naturalKey: parsed.naturalKey,
      operation: parsed.envelope.operation,
      eventTime: parsed.envelope.eventTime,
      record: parsed.envelope.record,
      lineage: { topic: registry.topicFor(contract.id), partition: 0, offset: String(offset) },
      personLocalId: contract.person ? String(valueAtPointer(parsed.envelope.record, contract.person.localId)) : undefined,
    };
  });
  const dataSource = createHubDataSource(ownerUrl, [], { poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.transaction((manager) => new RecordVersionStore(dataSource).store(manager, versions, new Date()));
  } finally {
    await dataSource.destroy();
  }
  say(`stored ${versions.length} directory records`);
}

/** The outcomes fixture's runs, stored and released through the outcomes store as the job and a steward do. */
async function releaseOutcomes(ownerUrl: string) {
  const dataSource = createHubDataSource(ownerUrl, [], { poolSize: 1 });
  await dataSource.initialize();
  try {
    const store = new IndicatorStore(dataSource);
    for (const year of [EARLIER_YEAR, OUTCOMES_YEAR]) {
      const { runId } = await store.saveRun(outcomesRun(year));
      await store.release(runId, 'e2e-steward', new AuditLog(dataSource));
    }
  } finally {
    await dataSource.destroy();
  }
  say('released the outcomes fixture');
}

/** The console's steward, registered for the identity provider's issuer as a steward registers a person. */
async function registerSteward(ownerUrl: string, issuer: string) {
  const dataSource = createHubDataSource(ownerUrl, [], { poolSize: 1 });
  await dataSource.initialize();
  try {
    const { subject, name, organizationId } = CONSOLE_STEWARD;
    await new PeopleRegistry(dataSource, new AuditLog(dataSource)).add({ issuer, subject, role: Role.Steward, organizationId, displayName: name }, 'e2e');
  } finally {
    await dataSource.destroy();
  }
  say('registered the console steward');
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
