import type { ExtractSigningKey } from '@lantern/access';
import type { AuditLog } from '@lantern/audit';
import { ExtractBuilder, ExtractBuildWorker, type ResearchProjects } from '@lantern/extracts';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PeriodicTask } from '../periodic-task';

/** destroyBy is an instant; packages go within a minute of it. */
const DESTRUCTION_CHECK_MS = 60_000;

/**
 * Builds approved research extracts, one at a time per worker, each request claimed with a
 * lease (ADR 0010): several workers build different requests, and a build whose worker died
 * restarts from nothing when its lease lapses. Packages are signed with the hub's extract
 * signing key, and destroyed once their agreement's destroyBy has passed (ADR 0016).
 */
export class ExtractBuilds {
  private readonly worker: ExtractBuildWorker;
  private readonly destruction: PeriodicTask;

  constructor(
    dataSource: DataSource,
    signingKey: ExtractSigningKey,
    projects: ResearchProjects,
    auditLog: AuditLog,
    packageDirectory: string,
    pollMs: number,
    logger: Logger,
    disclosureFloor: number,
  ) {
    // Absolute, so the path recorded with the request means the same file to the API that serves it.
    const packagesDirectory = path.resolve(packageDirectory);
    this.worker = new ExtractBuildWorker(dataSource, new ExtractBuilder(dataSource, signingKey, { disclosureFloor }), projects, auditLog, logger, { packagesDirectory, pollMs });
    this.destruction = new PeriodicTask('extract package destruction', DESTRUCTION_CHECK_MS, () => this.worker.destroyPackagesDue(new Date()).then(() => undefined), logger);
  }

  start(): void {
    this.worker.start();
    this.destruction.start();
  }

  /** Lets a build in progress finish; one killed instead restarts elsewhere when its lease lapses. */
  async stop(): Promise<void> {
    await Promise.all([this.worker.stop(), this.destruction.stop()]);
  }
}
