import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditLog } from '@lantern/audit';
import { HubMetrics, ProblemDetailsFilter, RequestLogInterceptor } from '@lantern/observability';
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
export class CoreModule {
  static forRoot(settings: ApiSettings, logger: Logger): DynamicModule {
    const metrics = new HubMetrics('api');
    return {
      module: CoreModule,
      providers: [
        { provide: API_SETTINGS_TOKEN, useValue: settings },
        { provide: LOGGER_TOKEN, useValue: logger },
        { provide: HubMetrics, useValue: metrics },
        { provide: APP_FILTER, useValue: new ProblemDetailsFilter(logger) },
        { provide: APP_INTERCEPTOR, useValue: new RequestLogInterceptor(logger, metrics) },
        HubConnections,
        { provide: AuditLog, useFactory: (connections: HubConnections) => new AuditLog(connections.dataSource), inject: [HubConnections] },
      ],
      exports: [API_SETTINGS_TOKEN, LOGGER_TOKEN, HubMetrics, HubConnections, AuditLog],
    };
  }
}
