import type { Provider } from '@nestjs/common';
import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import type { Logger } from 'pino';
import { AgreementsController } from './agreements/agreements.controller';
import {
  AmendAgreementUseCase,
  ApproveAgreementUseCase,
  DraftAgreementUseCase,
  GetAgreementQuery,
  ListAgreementsQuery,
  ReinstateAgreementUseCase,
  SuspendAgreementUseCase,
  TerminateAgreementUseCase,
} from './agreements/agreements.use-cases';
import { DisclosuresController } from './disclosures/disclosures.controller';
import { OrganizationDisclosuresQuery, StudentDisclosuresQuery } from './disclosures/disclosures.queries';
import { HubConnections, LOGGER_TOKEN } from './hub-connections';

export const GOVERNANCE_CONTROLLERS = [AgreementsController, DisclosuresController];

/**
 * The agreement registry, the policy decision point and the record of disclosures, each
 * built once over the API's database connection, and the use cases on them. They share the
 * AuditLog that the access providers register.
 */
export const GOVERNANCE_PROVIDERS: Provider[] = [
  { provide: AgreementRegistry, useFactory: (connections: HubConnections, auditLog: AuditLog) => new AgreementRegistry(connections.dataSource, auditLog), inject: [HubConnections, AuditLog] },
  { provide: PolicyDecisions, useFactory: (registry: AgreementRegistry, auditLog: AuditLog, logger: Logger) => new PolicyDecisions(registry, auditLog, logger), inject: [AgreementRegistry, AuditLog, LOGGER_TOKEN] },
  { provide: DisclosureLog, useFactory: (connections: HubConnections, auditLog: AuditLog) => new DisclosureLog(connections.dataSource, auditLog), inject: [HubConnections, AuditLog] },
  DraftAgreementUseCase,
  AmendAgreementUseCase,
  ApproveAgreementUseCase,
  SuspendAgreementUseCase,
  ReinstateAgreementUseCase,
  TerminateAgreementUseCase,
  ListAgreementsQuery,
  GetAgreementQuery,
  StudentDisclosuresQuery,
  OrganizationDisclosuresQuery,
];
