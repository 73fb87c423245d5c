import { Module } from '@nestjs/common';
import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import type { Logger } from 'pino';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN, HubConnections, LOGGER_TOKEN } from '../hub-connections';
import { AgreementsController } from './agreements.controller';
import {
  AmendAgreementUseCase,
  ApproveAgreementUseCase,
  CheckPolicyUseCase,
  DraftAgreementUseCase,
  GetAgreementQuery,
  ListAgreementsQuery,
  ReinstateAgreementUseCase,
  SuspendAgreementUseCase,
  TerminateAgreementUseCase,
} from './agreements.use-cases';

/**
 * Data-sharing agreements and their lifecycle; exports the agreement registry and the policy
 * decision point, which every disclosing module (students, care, extracts) asks.
 */
@Module({
  controllers: [AgreementsController],
  providers: [
    {
      provide: AgreementRegistry,
      useFactory: (connections: HubConnections, auditLog: AuditLog, settings: ApiSettings) =>
        new AgreementRegistry(connections.dataSource, auditLog, undefined, settings.LANTERN_DISCLOSURE_FLOOR),
      inject: [HubConnections, AuditLog, API_SETTINGS_TOKEN],
    },
    {
      provide: PolicyDecisions,
      useFactory: (registry: AgreementRegistry, auditLog: AuditLog, logger: Logger) => new PolicyDecisions(registry, auditLog, logger),
      inject: [AgreementRegistry, AuditLog, LOGGER_TOKEN],
    },
    DraftAgreementUseCase,
    AmendAgreementUseCase,
    ApproveAgreementUseCase,
    SuspendAgreementUseCase,
    ReinstateAgreementUseCase,
    TerminateAgreementUseCase,
    CheckPolicyUseCase,
    ListAgreementsQuery,
    GetAgreementQuery,
  ],
  exports: [AgreementRegistry, PolicyDecisions],
})
export class AgreementsModule {}
