import type { TestServices } from './test-services';

export interface ActiveTestServices {
  services: TestServices;
  stateDir: string;
  runId: string;
}

// Global setup and teardown run in Jest's main process but may load this module separately;
// a registered symbol on globalThis is what they reliably share.
const ACTIVE = Symbol.for('lantern.activeTestServices');
type WithActive = typeof globalThis & { [ACTIVE]?: ActiveTestServices };

export function setActiveTestServices(active: ActiveTestServices): void {
  (globalThis as WithActive)[ACTIVE] = active;
}

/** Returns the services global setup started and forgets them, so they are stopped at most once. */
export function takeActiveTestServices(): ActiveTestServices | undefined {
  const active = (globalThis as WithActive)[ACTIVE];
  delete (globalThis as WithActive)[ACTIVE];
  return active;
}
