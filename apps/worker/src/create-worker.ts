import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonNestLogger } from '@lantern/observability';
import type { Logger } from 'pino';
import { DEFAULT_WORKER_TIMERS, WorkerModule, type WorkerTimers } from './worker.module';
import type { WorkerSettings } from './worker-settings';

/**
 * Builds and starts the worker (used by main and by the tests alike): resolves once the
 * connections are open and every piece of work is running. `close()` drains it.
 */
export async function createWorker(settings: WorkerSettings, logger: Logger, timers: WorkerTimers = DEFAULT_WORKER_TIMERS): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(WorkerModule.forRoot(settings, logger, timers), { logger: new JsonNestLogger(logger), abortOnError: false });
}
