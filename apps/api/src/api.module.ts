import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { HubMetrics, ProblemDetailsFilter, RequestLogInterceptor } from '@lantern/observability';
import type { Logger } from 'pino';
import { ACCESS_CONTROLLERS, accessProviders } from './access/access.providers';
import type { ApiSettings } from './api-settings';
import { CARE_CONTROLLERS, CARE_PROVIDERS } from './care/care.providers';
import { EXTRACT_CONTROLLERS, EXTRACT_PROVIDERS } from './extracts/extracts.providers';
import { GOVERNANCE_CONTROLLERS, GOVERNANCE_PROVIDERS } from './governance.providers';
import { HealthController } from './health.controller';
import { IdentityController } from './identity/identity.controller';
import { IdentityQueries, IdentityStewardshipUseCases } from './identity/identity.use-cases';
import { IngestionController } from './ingestion/ingestion.controller';
import { IngestionStatusQuery, ListRejectsQuery, ReplayRejectsUseCase } from './ingestion/ingestion.use-cases';
import { API_SETTINGS_TOKEN, HubConnections, LOGGER_TOKEN } from './hub-connections';
import { MetricsController } from './metrics.controller';
import { StudentRecordsQuery } from './student-records.query';
import { StudentsController } from './students.controller';

@Module({})
export class ApiModule {
  static forRoot(settings: ApiSettings, logger: Logger): DynamicModule {
    const metrics = new HubMetrics('api');
    return {
      module: ApiModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController, StudentsController, IngestionController, IdentityController, ...ACCESS_CONTROLLERS, ...GOVERNANCE_CONTROLLERS, ...CARE_CONTROLLERS, ...EXTRACT_CONTROLLERS],
      providers: [
        { provide: API_SETTINGS_TOKEN, useValue: settings },
        { provide: LOGGER_TOKEN, useValue: logger },
        { provide: HubMetrics, useValue: metrics },
        { provide: APP_FILTER, useValue: new ProblemDetailsFilter(logger) },
        { provide: APP_INTERCEPTOR, useValue: new RequestLogInterceptor(logger, metrics) },
        HubConnections,
        StudentRecordsQuery,
        IngestionStatusQuery,
        ListRejectsQuery,
        ReplayRejectsUseCase,
        IdentityQueries,
        IdentityStewardshipUseCases,
        ...accessProviders(settings, logger),
        ...GOVERNANCE_PROVIDERS,
        ...CARE_PROVIDERS,
        ...EXTRACT_PROVIDERS,
      ],
    };
  }
}
