import { Module } from '@nestjs/common';
import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import { ExtractRequests, ResearchProjects } from '@lantern/extracts';
import { AgreementsModule } from '../agreements/agreements.module';
import { DisclosuresModule } from '../disclosures/disclosures.module';
import { HubConnections } from '../hub-connections';
import { ExtractsController } from './extracts.controller';
import {
  ApproveExtractUseCase,
  DownloadPackageUseCase,
  EncryptionCertificatesQuery,
  ExtractRequestQueries,
  PreviewExtractRequestUseCase,
  ProjectQueries,
  RefuseExtractUseCase,
  SigningCertificateQuery,
  SubmitExtractRequestUseCase,
  SubmitProjectUseCase,
} from './extracts.use-cases';

/**
 * Research projects and extract requests: submission, review against the agreement, approval
 * and download (each a recorded disclosure). Approved requests are built by the worker, which
 * records where each package is; the API reads it from there (a volume both can reach).
 */
@Module({
  imports: [AgreementsModule, DisclosuresModule],
  controllers: [ExtractsController],
  providers: [
    {
      provide: ResearchProjects,
      useFactory: (connections: HubConnections, agreements: AgreementRegistry, auditLog: AuditLog) => new ResearchProjects(connections.dataSource, agreements, auditLog),
      inject: [HubConnections, AgreementRegistry, AuditLog],
    },
    {
      provide: ExtractRequests,
      useFactory: (connections: HubConnections, projects: ResearchProjects, agreements: AgreementRegistry, policy: PolicyDecisions, disclosures: DisclosureLog, auditLog: AuditLog) =>
        new ExtractRequests(connections.dataSource, projects, agreements, policy, disclosures, auditLog),
      inject: [HubConnections, ResearchProjects, AgreementRegistry, PolicyDecisions, DisclosureLog, AuditLog],
    },
    SubmitProjectUseCase,
    ProjectQueries,
    SubmitExtractRequestUseCase,
    PreviewExtractRequestUseCase,
    ExtractRequestQueries,
    ApproveExtractUseCase,
    RefuseExtractUseCase,
    DownloadPackageUseCase,
    EncryptionCertificatesQuery,
    SigningCertificateQuery,
  ],
})
export class ExtractsModule {}
