import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { JsonNestLogger } from '@lantern/observability';
import type { Logger } from 'pino';
import { ApiModule } from './api.module';
import type { ApiSettings } from './api-settings';

/** Builds the HTTP API (used by main and by the integration tests alike). */
export async function createApi(settings: ApiSettings, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(settings, logger), { logger: new JsonNestLogger(logger) });
  app.enableShutdownHooks();
  // The caller's address (request.ip, which per-address limits count) is the one the trusted proxies saw.
  app.set('trust proxy', settings.API_TRUSTED_PROXY_HOPS);
  const openApi = new DocumentBuilder()
    .setTitle('Lantern API')
    .setDescription('Statewide longitudinal data hub: ingestion status, records and governance')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /oauth/token' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
