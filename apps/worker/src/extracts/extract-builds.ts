import type { HubCertificateAuthority } from '@lantern/access';
import type { AuditLog } from '@lantern/audit';
import { ExtractBuilder, ExtractBuildWorker, type ResearchProjects } from '@lantern/extracts';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/**
 * Builds approved research extracts, one at a time per worker, each request claimed with a
 * lease (ADR 0010): several workers build different requests, and a build whose worker died
 * restarts from nothing when its lease lapses. Packages are signed by the hub CA.
 */
export class ExtractBuilds {
  private readonly worker: ExtractBuildWorker;

  constructor(dataSource: DataSource, authority: HubCertificateAuthority, projects: ResearchProjects, auditLog: AuditLog, packageDirectory: string, pollMs: number, logger: Logger) {
    // Absolute, so the path recorded with the request means the same file to the API that serves it.
    const packagesDirectory = path.resolve(packageDirectory);
    this.worker = new ExtractBuildWorker(dataSource, new ExtractBuilder(dataSource, authority), projects, auditLog, logger, { packagesDirectory, pollMs });
  }

  start(): void {
    this.worker.start();
  }

  /** Lets a build in progress finish; one killed instead restarts elsewhere when its lease lapses. */
  stop(): Promise<void> {
    return this.worker.stop();
  }
}
