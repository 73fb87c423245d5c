import './workspace-aliases';
import { ensureServiceLogin, isProcessAlive, lanternStateDir } from '@lantern/provisioning';
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { setActiveTestServices } from './active-test-services';
import { publishTestServices, testServiceLogin } from './test-service-env';
import { provisionTestServices } from './test-services';

const STATE_DIR_PREFIX = 'test-';

/** Provisions Kafka and PostgreSQL once per Jest run and hands their endpoints to the workers. */
export default async function jestGlobalSetup(): Promise<void> {
  await removeStateOfDeadRuns();
  const stateDir = lanternStateDir(`${STATE_DIR_PREFIX}${process.pid}`);
  const services = await provisionTestServices(stateDir, (line) => console.log(line));
  const runId = randomBytes(4).toString('hex');
  setActiveTestServices({ services, stateDir, runId });
  // One login for the run's services on all its databases (roles belong to the whole server); teardown drops it.
  const postgresServiceUrl = await ensureServiceLogin(services.postgres.adminUrl, testServiceLogin(runId));
  // Workers are forked after global setup, so they inherit these variables.
  publishTestServices({ kafka: services.kafka.connection, postgresAdminUrl: services.postgres.adminUrl, postgresServiceUrl, runId });
}

/** A run killed before its teardown leaves .lantern/test-<pid>; clear those whose process is gone. */
async function removeStateOfDeadRuns(): Promise<void> {
  const entries = await readdir(lanternStateDir(), { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const pid = Number(entry.name.slice(STATE_DIR_PREFIX.length));
    if (entry.isDirectory() && entry.name.startsWith(STATE_DIR_PREFIX) && Number.isInteger(pid) && !isProcessAlive(pid)) {
      await rm(lanternStateDir(entry.name), { recursive: true, force: true });
    }
  }
}
