import 'reflect-metadata';
import { loadSettingsOrExit, startOrExit } from '@lantern/config';
import { createJsonLogger } from '@lantern/observability';
import { API_SETTINGS } from './api-settings';
import { createApi } from './create-api';

async function main() {
  const settings = loadSettingsOrExit(API_SETTINGS);
  const logger = createJsonLogger('api', settings.LOG_LEVEL);
  const app = await createApi(settings, logger);
  await app.listen(settings.API_PORT, settings.API_HOST);
  logger.info({ url: await app.getUrl() }, 'api listening');
}

startOrExit('api', main);
