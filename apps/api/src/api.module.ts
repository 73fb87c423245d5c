import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AccessModule } from './access/access.module';
import { AgreementsModule } from './agreements/agreements.module';
import { AuditModule } from './audit/audit.module';
import type { ApiSettings } from './api-settings';
import { CareModule } from './care/care.module';
import { ConsoleModule } from './console/console.module';
import { CoreModule } from './core.module';
import { DisclosuresModule } from './disclosures/disclosures.module';
import { EarlyWarningModule } from './early-warning/early-warning.module';
import { ExtractsModule } from './extracts/extracts.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { PublicModule } from './public/public.module';
import { StudentsModule } from './students/students.module';
import { WebPagesModule } from './web-pages/web-pages.module';

/**
 * The HTTP API: one feature module per area, each owning its controllers and use cases, over
 * the core module's shared connections, and the public web pages at `/`. It serves requests only (background work is the
 * worker's, apps/worker), so any number of replicas can serve.
 */
@Module({})
export class ApiModule {
  static forRoot(settings: ApiSettings, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(settings, logger),
        AccessModule.forRoot(settings, logger),
        HealthModule,
        StudentsModule,
        IngestionModule,
        IdentityModule,
        AgreementsModule,
        DisclosuresModule,
        AuditModule,
        CareModule,
        ExtractsModule,
        OutcomesModule,
        EarlyWarningModule,
        PublicModule,
        ConsoleModule.forRoot(settings, logger),
        WebPagesModule.forRoot(settings.API_WEB_ROOT, logger),
      ],
    };
  }
}
