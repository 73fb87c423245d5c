import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown, type Provider } from '@nestjs/common';
import { HubCertificateAuthority } from '@lantern/access';
import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import { ExtractBuilder, ExtractBuildWorker, ExtractRequests, ResearchProjects } from '@lantern/extracts';
import type { Logger } from 'pino';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN, HubConnections, LOGGER_TOKEN } from '../hub-connections';
import { ExtractsController } from './extracts.controller';
import {
  ApproveExtractUseCase,
  DownloadPackageUseCase,
  ExtractRequestQueries,
  ProjectQueries,
  RefuseExtractUseCase,
  SigningCertificateQuery,
  SubmitExtractRequestUseCase,
  SubmitProjectUseCase,
} from './extracts.use-cases';

/** Builds approved extracts in the API process, started with the application and stopped (after the current step) with it. */
@Injectable()
export class ExtractBuildService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly worker: ExtractBuildWorker;

  constructor(
    connections: HubConnections,
    projects: ResearchProjects,
    authority: HubCertificateAuthority,
    auditLog: AuditLog,
    @Inject(LOGGER_TOKEN) logger: Logger,
    @Inject(API_SETTINGS_TOKEN) settings: ApiSettings,
  ) {
    const builder = new ExtractBuilder(connections.dataSource, authority);
    this.worker = new ExtractBuildWorker(connections.dataSource, builder, projects, auditLog, logger, { packagesDirectory: settings.EXTRACT_PACKAGE_DIR });
  }

  onApplicationBootstrap() {
    this.worker.start();
  }

  /** Before the connections close (their own shutdown hook): let a build in progress finish; one killed instead restarts when its lease lapses. */
  async beforeApplicationShutdown() {
    await this.worker.stop();
  }
}

export const EXTRACT_CONTROLLERS = [ExtractsController];

export const EXTRACT_PROVIDERS: Provider[] = [
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
  ExtractBuildService,
  SubmitProjectUseCase,
  ProjectQueries,
  SubmitExtractRequestUseCase,
  ExtractRequestQueries,
  ApproveExtractUseCase,
  RefuseExtractUseCase,
  DownloadPackageUseCase,
  SigningCertificateQuery,
];
