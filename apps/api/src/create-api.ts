import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { JsonNestLogger } from '@lantern/observability';
import type { Logger } from 'pino';
import { ApiModule } from './api.module';
import type { ApiSettings } from './api-settings';
import { openApiDocument } from './openapi/openapi-document';

/** Builds the HTTP API (used by main and by the integration tests alike). */
export async function createApi(settings: ApiSettings, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(settings, logger), { logger: new JsonNestLogger(logger) });
  app.enableShutdownHooks();
  // The caller's address (request.ip, which per-address limits count) is the one the trusted proxies saw.
  app.set('trust proxy', settings.API_TRUSTED_PROXY_HOPS);
  SwaggerModule.setup('docs', app, () => openApiDocument(app));
  return app;
}
