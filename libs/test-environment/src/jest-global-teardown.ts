import './workspace-aliases';
import { dropServiceLogin } from '@lantern/provisioning';
import { rm } from 'node:fs/promises';
import { takeActiveTestServices } from './active-test-services';
import { dropRunDatabases } from './test-database';
import { testServiceLogin } from './test-service-env';

/** Runs after all tests, passed or failed: drops leftover test databases and the run's services' login, stops what setup started, removes its state. */
export default async function jestGlobalTeardown(): Promise<void> {
  const active = takeActiveTestServices();
  if (!active) return;
  try {
    await dropRunDatabases(active.services.postgres.adminUrl, active.runId);
    await dropServiceLogin(active.services.postgres.adminUrl, testServiceLogin(active.runId));
  } finally {
    await active.services.stop();
    await rm(active.stateDir, { recursive: true, force: true });
  }
}
