import 'reflect-metadata';
import { loadSettingsOrExit, startOrExit } from '@lantern/config';
import { createJsonLogger } from '@lantern/observability';
import { createWorker } from './create-worker';
import { WORKER_SETTINGS } from './worker-settings';

async function main() {
  const settings = loadSettingsOrExit(WORKER_SETTINGS);
  const logger = createJsonLogger('worker', settings.LOG_LEVEL);
  const worker = await createWorker(settings, logger);
  // SIGTERM or SIGINT: the work drains, then the connections close, then the process exits.
  worker.enableShutdownHooks();
}

startOrExit('worker', main);
