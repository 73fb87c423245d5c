import { type BeforeApplicationShutdown, type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ExtractSigningKey, extractSigningKey } from '@lantern/access';
import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { AuditCheckpointSigner, AuditLog, auditCheckpointSigner } from '@lantern/audit';
import { CareFlagIntake, CareFlags, CareNoticeRelay, CareNoticeSweep, ChildResolution } from '@lantern/care-notices';
import { careTimingOf } from '@lantern/care-rules';
import { DisclosureLog } from '@lantern/disclosures';
import { ResearchProjects } from '@lantern/extracts';
import { IdentityResolution } from '@lantern/identity-service';
import { ProducerGrants, ProducingSystems, producerCheck } from '@lantern/ingest';
import type { Logger } from 'pino';
import { AuditCheckpointPublishing } from './audit/audit-checkpoint-publishing';
import { CareFlagIntakeConsumer } from './care/care-flag-intake-consumer';
import { CareNoticeWork } from './care/care-notice-work';
import { ExtractBuilds } from './extracts/extract-builds';
import { IdentityEventPublishing } from './identity/identity-event-publishing';
import { OutcomeRuns } from './outcomes/outcome-runs';
import { LOGGER_TOKEN, WORKER_SETTINGS_TOKEN, WorkerConnections } from './worker-connections';
import type { WorkerSettings } from './worker-settings';

/** How often each piece of work looks for more; tests shorten the sweep and the notice topics' compaction window. */
export interface WorkerTimers {
  identityRelayMs: number;
  careRelayMs: number;
  careSweepMs: number;
  extractPollMs: number;
  /** How often the outcomes job looks for stewards' run requests. */
  outcomesPollMs: number;
  /** How long a revoked name may stay on a notice topic before compaction (ADR 0016). */
  noticeCompactionWindowMs: number;
  /** How often care-flag intake looks for newly registered producing systems (as the ingest service's sweep, INGEST_SWEEP_SECONDS, does). */
  careFlagProducersMs: number;
}

export const DEFAULT_WORKER_TIMERS: WorkerTimers = {
  identityRelayMs: 1_000,
  careRelayMs: 1_000,
  careSweepMs: 15_000,
  extractPollMs: 2_000,
  outcomesPollMs: 10_000,
  noticeCompactionWindowMs: 3_600_000,
  careFlagProducersMs: 30_000,
};

const TIMERS_TOKEN = Symbol('WorkerTimers');

/**
 * Starts the work once the connections are open, in an order that lets nothing wait on what
 * has not started, and stops it before they close, in the reverse order: first nothing new
 * comes in (intake leaves its group, the sweep and the builds finish their current step), then
 * the relays publish what that work wrote. A SIGTERM therefore leaves no event unpublished.
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly identityEvents: IdentityEventPublishing;
  readonly careNotices: CareNoticeWork;
  readonly careFlagIntake: CareFlagIntakeConsumer;
  readonly extractBuilds: ExtractBuilds;
  readonly auditCheckpoints: AuditCheckpointPublishing;
  readonly outcomeRuns: OutcomeRuns;

  constructor(
    connections: WorkerConnections,
    signingKey: ExtractSigningKey,
    checkpointSigner: AuditCheckpointSigner,
    auditLog: AuditLog,
    projects: ResearchProjects,
    sweep: CareNoticeSweep,
    flags: CareFlags,
    relay: CareNoticeRelay,
    intake: CareFlagIntake,
    @Inject(WORKER_SETTINGS_TOKEN) settings: WorkerSettings,
    @Inject(TIMERS_TOKEN) timers: WorkerTimers,
    @Inject(LOGGER_TOKEN) private readonly logger: Logger,
  ) {
    this.identityEvents = new IdentityEventPublishing(connections, timers.identityRelayMs, logger);
    this.careNotices = new CareNoticeWork(sweep, flags, relay, { relayMs: timers.careRelayMs, sweepMs: timers.careSweepMs }, logger);
    this.careFlagIntake = new CareFlagIntakeConsumer(connections, intake, settings.LANTERN_TOPIC_PREFIX, () => this.careNotices.publishSoon(), timers.careFlagProducersMs, logger);
    this.extractBuilds = new ExtractBuilds(
      connections.dataSource,
      signingKey,
      projects,
      auditLog,
      settings.EXTRACT_PACKAGE_DIR,
      timers.extractPollMs,
      logger,
      settings.LANTERN_DISCLOSURE_FLOOR,
    );
    this.auditCheckpoints = new AuditCheckpointPublishing(connections, checkpointSigner, settings.LANTERN_TOPIC_PREFIX, settings.LANTERN_AUDIT_CHECKPOINT_SECONDS * 1000, logger);
    this.outcomeRuns = new OutcomeRuns(connections.dataSource, { sgpMinimumCohort: settings.LANTERN_SGP_MINIMUM_COHORT }, timers.outcomesPollMs, logger);
  }

  async onApplicationBootstrap() {
    this.identityEvents.start();
    this.careNotices.start();
    this.extractBuilds.start();
    this.auditCheckpoints.start();
    this.outcomeRuns.start();
    await this.careFlagIntake.start();
    this.logger.info('worker started: identity event relay, care notice relay and sweep, care-flag intake, extract builds, audit checkpoints, outcomes runs');
  }

  async beforeApplicationShutdown() {
    this.logger.info('worker stopping: finishing the work in progress');
    await Promise.all([this.careFlagIntake.stop(), this.extractBuilds.stop(), this.outcomeRuns.stop()]);
    await this.careNotices.stop();
    await Promise.all([this.identityEvents.stop(), this.auditCheckpoints.stop()]);
    this.logger.info('worker stopped its work; closing connections');
  }
}

/**
 * The worker: the hub's background work, out of the API so any number of API replicas can
 * serve requests. Every piece claims its work in the database (SKIP LOCKED outboxes, leased
 * extract requests, a Kafka consumer group), so several workers can run side by side.
 */
@Module({})
export class WorkerModule {
  static forRoot(settings: WorkerSettings, logger: Logger, timers: WorkerTimers = DEFAULT_WORKER_TIMERS): DynamicModule {
    // A bad CA or signing setting stops start-up here, in one line.
    const signingKey = extractSigningKey(settings);
    if (signingKey.ephemeral)
      logger.warn('LANTERN_DEV_EPHEMERAL_KEYS: extract packages are signed under a throwaway CA that no API serves; configure LANTERN_CA_CERT_PEM and LANTERN_CA_KEY_PEM');
    const checkpointSigner = auditCheckpointSigner(settings);
    // The public key is no secret; with a throwaway key it is the only way to verify this worker's checkpoints.
    if (checkpointSigner.ephemeral)
      logger.warn(
        { publicKeyPem: checkpointSigner.publicKeyPem },
        'LANTERN_DEV_EPHEMERAL_KEYS: audit checkpoints are signed with a throwaway key; configure LANTERN_AUDIT_CHECKPOINT_KEY_PEM',
      );
    else logger.info({ keyId: checkpointSigner.keyId }, 'audit checkpoints are signed with the configured key');
    return {
      module: WorkerModule,
      providers: [
        { provide: WORKER_SETTINGS_TOKEN, useValue: settings },
        { provide: LOGGER_TOKEN, useValue: logger },
        { provide: TIMERS_TOKEN, useValue: timers },
        { provide: ExtractSigningKey, useValue: signingKey },
        { provide: AuditCheckpointSigner, useValue: checkpointSigner },
        WorkerConnections,
        { provide: AuditLog, useFactory: (connections: WorkerConnections) => new AuditLog(connections.dataSource), inject: [WorkerConnections] },
        {
          provide: AgreementRegistry,
          useFactory: (connections: WorkerConnections, auditLog: AuditLog) => new AgreementRegistry(connections.dataSource, auditLog),
          inject: [WorkerConnections, AuditLog],
        },
        { provide: PolicyDecisions, useFactory: (registry: AgreementRegistry, auditLog: AuditLog) => new PolicyDecisions(registry, auditLog, logger), inject: [AgreementRegistry, AuditLog] },
        {
          provide: DisclosureLog,
          useFactory: (connections: WorkerConnections, auditLog: AuditLog) => new DisclosureLog(connections.dataSource, auditLog),
          inject: [WorkerConnections, AuditLog],
        },
        { provide: IdentityResolution, useFactory: (auditLog: AuditLog) => new IdentityResolution(auditLog), inject: [AuditLog] },
        {
          provide: ChildResolution,
          useFactory: (connections: WorkerConnections, resolution: IdentityResolution) => new ChildResolution(connections.dataSource, resolution),
          inject: [WorkerConnections, IdentityResolution],
        },
        {
          provide: CareFlags,
          useFactory: (connections: WorkerConnections, children: ChildResolution, policy: PolicyDecisions, disclosures: DisclosureLog, auditLog: AuditLog) =>
            new CareFlags(connections.dataSource, children, policy, disclosures, auditLog, careTimingOf(settings), logger),
          inject: [WorkerConnections, ChildResolution, PolicyDecisions, DisclosureLog, AuditLog],
        },
        {
          provide: CareNoticeSweep,
          useFactory: (connections: WorkerConnections, auditLog: AuditLog) => new CareNoticeSweep(connections.dataSource, auditLog),
          inject: [WorkerConnections, AuditLog],
        },
        {
          provide: CareNoticeRelay,
          useFactory: (connections: WorkerConnections) =>
            new CareNoticeRelay(connections.dataSource, connections.kafka, async () => connections.producer, settings.LANTERN_TOPIC_PREFIX, timers.noticeCompactionWindowMs),
          inject: [WorkerConnections],
        },
        {
          provide: CareFlagIntake,
          useFactory: (flags: CareFlags, connections: WorkerConnections, auditLog: AuditLog) =>
            new CareFlagIntake(
              flags,
              settings.INGEST_MAX_MESSAGE_BYTES,
              logger,
              producerCheck(connections.topics, new ProducerGrants(new ProducingSystems(connections.dataSource, auditLog))),
            ),
          inject: [CareFlags, WorkerConnections, AuditLog],
        },
        {
          provide: ResearchProjects,
          useFactory: (connections: WorkerConnections, agreements: AgreementRegistry, auditLog: AuditLog) => new ResearchProjects(connections.dataSource, agreements, auditLog),
          inject: [WorkerConnections, AgreementRegistry, AuditLog],
        },
        BackgroundWork,
      ],
    };
  }
}
