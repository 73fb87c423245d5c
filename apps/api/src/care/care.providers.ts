import type { Provider } from '@nestjs/common';
import { PolicyDecisions } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { CareFlagIntake, CareFlags, CareInbox, CareNoticeRelay, CareNoticeSweep, CareReports, ChildResolution, SchoolCalendars } from '@lantern/care-notices';
import { DisclosureLog } from '@lantern/disclosures';
import { IdentityResolution } from '@lantern/identity-service';
import type { Logger } from 'pino';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN, HubConnections, LOGGER_TOKEN } from '../hub-connections';
import { CareBackgroundWork } from './care-background-work';
import { CareFlagsController, CareNoticesController, CareStewardshipController } from './care.controller';
import {
  AcknowledgeCareNoticeUseCase,
  CareFlagStatusQuery,
  CareInboxQuery,
  CareReportQuery,
  IssueCareFlagUseCase,
  ReplaceSchoolCalendarUseCase,
  RevokeCareFlagUseCase,
} from './care.use-cases';

export const CARE_CONTROLLERS = [CareFlagsController, CareNoticesController, CareStewardshipController];

/**
 * Handle with Care over the API's connections, the policy decision point and the record of
 * disclosures. The identity resolution is the ingest service's (same engine, same lock), so a
 * flag's child gets the SID ingestion would give them.
 */
export const CARE_PROVIDERS: Provider[] = [
  { provide: IdentityResolution, useFactory: (auditLog: AuditLog) => new IdentityResolution(auditLog), inject: [AuditLog] },
  { provide: ChildResolution, useFactory: (connections: HubConnections, resolution: IdentityResolution) => new ChildResolution(connections.dataSource, resolution), inject: [HubConnections, IdentityResolution] },
  {
    provide: CareFlags,
    useFactory: (connections: HubConnections, children: ChildResolution, policy: PolicyDecisions, disclosures: DisclosureLog, auditLog: AuditLog, settings: ApiSettings, logger: Logger) =>
      new CareFlags(connections.dataSource, children, policy, disclosures, auditLog, { escalateAfterMinutes: settings.CARE_ESCALATE_AFTER_MINUTES, schoolDays: settings.CARE_NOTICE_SCHOOL_DAYS }, logger),
    inject: [HubConnections, ChildResolution, PolicyDecisions, DisclosureLog, AuditLog, API_SETTINGS_TOKEN, LOGGER_TOKEN],
  },
  { provide: CareInbox, useFactory: (connections: HubConnections, auditLog: AuditLog) => new CareInbox(connections.dataSource, auditLog), inject: [HubConnections, AuditLog] },
  { provide: CareNoticeSweep, useFactory: (connections: HubConnections, auditLog: AuditLog) => new CareNoticeSweep(connections.dataSource, auditLog), inject: [HubConnections, AuditLog] },
  {
    provide: CareNoticeRelay,
    useFactory: (connections: HubConnections, settings: ApiSettings) => new CareNoticeRelay(connections.dataSource, connections.kafka, () => connections.producer(), settings.LANTERN_TOPIC_PREFIX),
    inject: [HubConnections, API_SETTINGS_TOKEN],
  },
  {
    provide: CareFlagIntake,
    useFactory: (flags: CareFlags, settings: ApiSettings, logger: Logger) => new CareFlagIntake(flags, settings.INGEST_MAX_MESSAGE_BYTES, logger),
    inject: [CareFlags, API_SETTINGS_TOKEN, LOGGER_TOKEN],
  },
  { provide: CareReports, useFactory: (connections: HubConnections) => new CareReports(connections.dataSource), inject: [HubConnections] },
  { provide: SchoolCalendars, useFactory: (connections: HubConnections) => new SchoolCalendars(connections.dataSource), inject: [HubConnections] },
  CareBackgroundWork,
  IssueCareFlagUseCase,
  RevokeCareFlagUseCase,
  CareFlagStatusQuery,
  CareInboxQuery,
  AcknowledgeCareNoticeUseCase,
  CareReportQuery,
  ReplaceSchoolCalendarUseCase,
];
