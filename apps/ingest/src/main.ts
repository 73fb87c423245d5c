import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadSettingsOrExit, startOrExit } from '@lantern/config';
import { createJsonLogger, JsonNestLogger } from '@lantern/observability';
import { IngestModule } from './ingest.module';
import { INGEST_SETTINGS } from './ingest-settings';

async function main() {
  const settings = loadSettingsOrExit(INGEST_SETTINGS);
  const logger = createJsonLogger('ingest', settings.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(IngestModule.forRoot(settings, logger), { logger: new JsonNestLogger(logger) });
  app.enableShutdownHooks();
}

startOrExit('ingest', main);
