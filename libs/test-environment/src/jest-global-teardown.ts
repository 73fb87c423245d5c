import './workspace-aliases';
import { rm } from 'node:fs/promises';
import { takeActiveTestServices } from './active-test-services';
import { dropRunDatabases } from './test-database';

/** Runs after all tests, passed or failed: drops leftover test databases, stops what setup started, removes its state. */
export default async function jestGlobalTeardown(): Promise<void> {
  const active = takeActiveTestServices();
  if (!active) return;
  try {
    await dropRunDatabases(active.services.postgres.adminUrl, active.runId);
  } finally {
    await active.services.stop();
    await rm(active.stateDir, { recursive: true, force: true });
  }
}
