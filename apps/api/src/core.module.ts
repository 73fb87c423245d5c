import { type DynamicModule, Global, Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuditLog } from '@lantern/audit';
import { HubMetrics, ProblemDetailsFilter, requestLog } from '@lantern/observability';
import type { Logger } from 'pino';
import type { ApiSettings } from './api-settings';
import { API_SETTINGS_TOKEN, HubConnections, LOGGER_TOKEN } from './hub-connections';

/**
 * What every feature module shares: settings, the JSON logger, metrics, the connections to
 * PostgreSQL and Kafka, the audit log, and the cross-cutting HTTP behaviour (problem details
 * for every error, one log line and one metric per request).
 */
@Global()
@Module({})
export class CoreModule implements NestModule {
  constructor(
    @Inject(LOGGER_TOKEN) private readonly logger: Logger,
    private readonly metrics: HubMetrics,
  ) {}

  // Middleware, not an interceptor: it also sees requests refused by a guard and unmatched routes.
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(requestLog(this.logger, this.metrics)).forRoutes('*');
  }

  static forRoot(settings: ApiSettings, logger: Logger): DynamicModule {
    const metrics = new HubMetrics('api');
    return {
      module: CoreModule,
      providers: [
        { provide: API_SETTINGS_TOKEN, useValue: settings },
        { provide: LOGGER_TOKEN, useValue: logger },
        { provide: HubMetrics, useValue: metrics },
        { provide: APP_FILTER, useValue: new ProblemDetailsFilter(logger) },
        HubConnections,
        { provide: AuditLog, useFactory: (connections: HubConnections) => new AuditLog(connections.dataSource), inject: [HubConnections] },
      ],
      exports: [API_SETTINGS_TOKEN, LOGGER_TOKEN, HubMetrics, HubConnections, AuditLog],
    };
  }
}
