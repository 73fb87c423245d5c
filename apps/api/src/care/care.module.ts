import { Module } from '@nestjs/common';
import { PolicyDecisions } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { CareFlags, CareInbox, CareReports, ChildResolution, SchoolCalendars } from '@lantern/care-notices';
import { careTimingOf } from '@lantern/care-rules';
import { DisclosureLog } from '@lantern/disclosures';
import { IdentityResolution } from '@lantern/identity-service';
import type { Logger } from 'pino';
import { AgreementsModule } from '../agreements/agreements.module';
import type { ApiSettings } from '../api-settings';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { API_SETTINGS_TOKEN, HubConnections, LOGGER_TOKEN } from '../hub-connections';
import { CareFlagsController, CareNoticesController, CareStewardshipController } from './care.controller';
import {
  AcknowledgeCareNoticeUseCase,
  AgencyFlagsQuery,
  CareFlagStatusQuery,
  CareInboxQuery,
  CareReportQuery,
  IssueCareFlagUseCase,
  RegisterNoticeReaderUseCase,
  RemoveNoticeReaderUseCase,
  ReplaceSchoolCalendarUseCase,
  RevokeCareFlagUseCase,
} from './care.use-cases';

/**
 * Handle with Care over HTTP: agencies issue and revoke flags, schools read and acknowledge
 * notices, stewards read the report, set calendars and give schools Kafka logins for their notice
 * topics, or take them away. The identity resolution is the ingest service's (same engine, same lock), so a flag's
 * child gets the SID ingestion would give them.
 * The sweep, the outbox relay and the Kafka intake run in the worker.
 */
@Module({
  imports: [AgreementsModule, DisclosuresModule],
  controllers: [CareFlagsController, CareNoticesController, CareStewardshipController],
  providers: [
    { provide: IdentityResolution, useFactory: (auditLog: AuditLog) => new IdentityResolution(auditLog), inject: [AuditLog] },
    {
      provide: ChildResolution,
      useFactory: (connections: HubConnections, resolution: IdentityResolution) => new ChildResolution(connections.dataSource, resolution),
      inject: [HubConnections, IdentityResolution],
    },
    {
      provide: CareFlags,
      useFactory: (connections: HubConnections, children: ChildResolution, policy: PolicyDecisions, disclosures: DisclosureLog, auditLog: AuditLog, settings: ApiSettings, logger: Logger) =>
        new CareFlags(connections.dataSource, children, policy, disclosures, auditLog, careTimingOf(settings), logger),
      inject: [HubConnections, ChildResolution, PolicyDecisions, DisclosureLog, AuditLog, API_SETTINGS_TOKEN, LOGGER_TOKEN],
    },
    { provide: CareInbox, useFactory: (connections: HubConnections, auditLog: AuditLog) => new CareInbox(connections.dataSource, auditLog), inject: [HubConnections, AuditLog] },
    { provide: CareReports, useFactory: (connections: HubConnections) => new CareReports(connections.dataSource), inject: [HubConnections] },
    { provide: SchoolCalendars, useFactory: (connections: HubConnections) => new SchoolCalendars(connections.dataSource), inject: [HubConnections] },
    IssueCareFlagUseCase,
    RevokeCareFlagUseCase,
    AgencyFlagsQuery,
    CareFlagStatusQuery,
    CareInboxQuery,
    AcknowledgeCareNoticeUseCase,
    CareReportQuery,
    ReplaceSchoolCalendarUseCase,
    RegisterNoticeReaderUseCase,
    RemoveNoticeReaderUseCase,
  ],
})
export class CareModule {}
