import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import type { ElementRef, Granularity, OutputRules } from '@lantern/governance';
import { isTransientDatabaseError, sqlStateOf } from '@lantern/persistence';
import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { type BuildProgressUpdate, ExtractBuilder, releasedStudentsFile } from './extract-builder';
import { agreementDatesOf, type ExtractReview, type RequestRow } from './extract-requests';
import { ResearchProjects } from './research-projects';

export interface BuildWorkerOptions {
  /** Where packages are written, one directory per request. */
  packagesDirectory: string;
  /** A build whose worker stops renewing this is taken over and restarted. */
  leaseMs?: number;
  pollMs?: number;
  /** Builds are attempted this often before the request is marked failed. */
  maxAttempts?: number;
}

/** The lease was taken over (this worker was presumed dead): stop writing at once. */
class LeaseLost extends Error {}

/** A package's files, whole or partial: its directory and the released-students file beside it. */
async function removePackageFiles(...directories: string[]): Promise<void> {
  for (const directory of directories) {
    await rm(directory, { recursive: true, force: true });
    await rm(releasedStudentsFile(directory), { force: true });
  }
}

/** Puts a finished attempt's package where it is read, by renames: whole files of one build, never a mix. */
async function publishPackage(attemptDirectory: string, packageDirectory: string): Promise<void> {
  // Only what an attempt that held the lease published and could not record (the commit failed) is there.
  await removePackageFiles(packageDirectory);
  await rename(releasedStudentsFile(attemptDirectory), releasedStudentsFile(packageDirectory));
  await rename(attemptDirectory, packageDirectory);
}

/**
 * Builds approved extract requests, one at a time. A request's row is its job: it is claimed
 * with a lease the worker renews as it reports progress. When a worker dies mid-build the lease
 * runs out and the next claim restarts the build from nothing (the partial files are removed),
 * so a package is either complete and signed or absent. Each attempt builds in a directory of
 * its own and is moved to the package directory only while its lease is held: a worker presumed
 * dead that is still writing (a long pause, a partition) writes into and removes only its own
 * attempt's files. A build that fails, or is interrupted on its last attempt, has its partial
 * files removed too, and the audit entry of the failure says whether they were.
 */
export class ExtractBuildWorker {
  private readonly agreements: AgreementRegistry;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly builder: ExtractBuilder,
    private readonly projects: ResearchProjects,
    private readonly auditLog: AuditLog,
    private readonly logger: Logger,
    private readonly options: BuildWorkerOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 2_000;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.agreements = new AgreementRegistry(dataSource, auditLog);
  }

  start(): void {
    const poll = async () => {
      this.running = this.buildNext().catch((error: unknown) => this.logger.error({ err: error }, 'extract build worker poll failed'));
      await this.running;
      if (this.timer) this.timer = setTimeout(poll, this.pollMs);
    };
    this.timer = setTimeout(poll, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Claims and builds one request; false when none was waiting. */
  async buildNext(): Promise<boolean> {
    await this.failExhausted();
    const job = await this.claim();
    if (!job) return false;
    const directory = this.attemptDirectory(job.id, job.attempts);
    // Earlier attempts may have left part of a package behind; their workers lost their leases.
    await this.removeEarlierAttempts(job);
    try {
      const review = job.review as ExtractReview & { outputRules: OutputRules; agreementVersion: number };
      const project = await this.projects.forBuild(job.project_id);
      const built = await this.builder.build(
        {
          requestId: String(job.id),
          projectId: job.project_id,
          agreement: { id: project.agreementId, version: review.agreementVersion },
          specification: job.specification,
          approvedElements: job.approved_elements as Array<ElementRef & { granularity: Granularity }>,
          outputRules: review.outputRules,
          pseudonymSecret: project.pseudonymSecret,
          attempt: job.attempts,
        },
        directory,
        (update) => this.renew(job, update),
      );
      await this.dataSource.transaction(async (manager) => {
        if (!(await this.holdsLease(manager, job))) throw new LeaseLost(`extract request ${job.id}: the build was taken over before it finished`);
        const packageDirectory = this.packageDirectory(job.id);
        await publishPackage(directory, packageDirectory);
        await this.removeEarlierAttempts(job);
        await manager.query(
          `UPDATE extract_request SET status = 'ready', package_path = $2, package_sha256 = $3, built_at = now(), lease_until = NULL,
                  progress = progress || jsonb_build_object('phase', 'ready', 'updatedAt', now())
            WHERE id = $1`,
          [job.id, packageDirectory, built.manifestSha256],
        );
        await this.auditLog.append(
          {
            kind: 'extract-request',
            actor: 'system',
            subject: `extract-request:${job.id}`,
            details: { event: 'built', manifestSha256: built.manifestSha256, cohort: built.manifest.cohort, releasedPeople: built.manifest.releasedPeople },
          },
          manager,
        );
      });
    } catch (error) {
      // Another attempt owns the request now: this one removes its own files and records nothing.
      if (error instanceof LeaseLost) await this.removePartialPackage(job.id, directory);
      else if (isTransientDatabaseError(error) && job.attempts < this.maxAttempts) await this.buildAgainLater(job, error, directory);
      else await this.fail(job, error, directory);
    }
    return true;
  }

  /** Where a built package is read from: downloads, destruction at destroyBy, `extract verify`. */
  private packageDirectory(requestId: string | number): string {
    return path.join(this.options.packagesDirectory, `extract-request-${requestId}`);
  }

  /** Where one attempt builds, its own: the attempt number is the lease's token (renew checks it). */
  private attemptDirectory(requestId: string | number, attempt: number): string {
    return `${this.packageDirectory(requestId)}.attempt-${attempt}`;
  }

  private async removeEarlierAttempts(job: RequestRow): Promise<void> {
    await removePackageFiles(...Array.from({ length: job.attempts - 1 }, (_, index) => this.attemptDirectory(job.id, index + 1)));
  }

  /**
   * Destroys every built package whose agreement's destroyBy has passed at `at`: its files are
   * removed and the request is marked destroyed with an audit entry, so no download can follow.
   * Answers how many were destroyed.
   */
  async destroyPackagesDue(at: Date): Promise<number> {
    const built: Array<{ id: string; agreement_id: string }> = await this.dataSource.query(
      `SELECT r.id, p.agreement_id FROM extract_request r JOIN research_project p ON p.id = r.project_id WHERE r.status = 'ready' ORDER BY r.id`,
    );
    const destroyBy = new Map<string, string | null>();
    let destroyed = 0;
    for (const { id, agreement_id: agreementId } of built) {
      if (!destroyBy.has(agreementId)) destroyBy.set(agreementId, agreementDatesOf(agreementId, await this.agreements.find(agreementId), at).destroyBy);
      const due = destroyBy.get(agreementId) ?? null;
      // An agreement that cannot be read keeps nothing.
      if (due !== null && Date.parse(due) > at.getTime()) continue;
      if (await this.destroyPackage(id, due)) destroyed += 1;
    }
    return destroyed;
  }

  /** Files first, inside the transaction: if they cannot be removed, the request stays ready and the next run tries again. */
  private destroyPackage(id: string, destroyBy: string | null): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [row]: Array<{ package_path: string | null; package_sha256: string | null }> = await manager.query(
        `SELECT package_path, package_sha256 FROM extract_request WHERE id = $1 AND status = 'ready' FOR UPDATE SKIP LOCKED`,
        [id],
      );
      if (!row) return false;
      if (row.package_path) await removePackageFiles(row.package_path);
      await manager.query(`UPDATE extract_request SET status = 'destroyed', package_path = NULL, destroyed_at = now() WHERE id = $1`, [id]);
      await this.auditLog.append(
        { kind: 'extract-request', actor: 'system', subject: `extract-request:${id}`, details: { event: 'package-destroyed', destroyBy, manifestSha256: row.package_sha256 } },
        manager,
      );
      this.logger.info({ extractRequestId: String(id), destroyBy }, 'extract package destroyed');
      return true;
    });
  }

  private async claim(): Promise<RequestRow | undefined> {
    const [[row]]: [RequestRow[], number] = await this.dataSource.query(
      `UPDATE extract_request SET status = 'building', attempts = attempts + 1, failure = NULL,
              lease_until = now() + make_interval(secs => $1::double precision / 1000),
              progress = jsonb_build_object('phase', 'started', 'rowsWritten', 0, 'updatedAt', now())
        WHERE id = (SELECT id FROM extract_request
                     WHERE (status = 'approved' OR (status = 'building' AND lease_until < now())) AND attempts < $2
                     ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING *`,
      [this.leaseMs, this.maxAttempts],
    );
    return row;
  }

  /** Progress, shown to the researcher and steward, and the lease renewed; throws LeaseLost if another worker took the build over. */
  private async renew(job: RequestRow, update: BuildProgressUpdate): Promise<void> {
    const [, renewed]: [unknown[], number] = await this.dataSource.query(
      `UPDATE extract_request SET lease_until = now() + make_interval(secs => $3::double precision / 1000), progress = $4
        WHERE id = $1 AND attempts = $2 AND status = 'building'`,
      [job.id, job.attempts, this.leaseMs, JSON.stringify({ ...update, updatedAt: new Date().toISOString() })],
    );
    if (renewed === 0) throw new LeaseLost(`extract request ${job.id}: the build was taken over`);
  }

  /** Whether this attempt still holds the request, locked until `manager`'s transaction ends, so no claim takes it meanwhile. */
  private async holdsLease(manager: EntityManager, job: RequestRow): Promise<boolean> {
    const held: unknown[] = await manager.query(`SELECT id FROM extract_request WHERE id = $1 AND attempts = $2 AND status = 'building' FOR UPDATE`, [job.id, job.attempts]);
    return held.length > 0;
  }

  /**
   * The failed build's partial files are removed first, so the failure's audit entry can say they
   * are gone; with them anything it published but could not record. An attempt that lost its
   * lease removes only its own files: the request's outcome is the attempt's that holds it.
   */
  private async fail(job: RequestRow, error: unknown, directory: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.holdsLease(manager, job))) {
        // Often because the attempt that took over removed this one's directory as it wrote.
        this.logger.warn({ err: error, extractRequestId: String(job.id) }, 'an extract build attempt failed after it was taken over; only its own files are removed');
        await this.removePartialPackage(job.id, directory);
        return;
      }
      const errorId = randomUUID();
      this.logger.error({ err: error, errorId, extractRequestId: String(job.id) }, 'extract build failed');
      // The message names the failing step, not data; the errorId leads a steward to the log.
      const failure = `the build failed (error ${errorId}): ${error instanceof Error ? error.message : String(error)}`;
      const partialPackageRemoved = await this.removePartialPackage(job.id, directory, this.packageDirectory(job.id));
      await manager.query(`UPDATE extract_request SET status = 'failed', failure = $2, lease_until = NULL WHERE id = $1`, [job.id, failure]);
      await this.auditLog.append({ kind: 'extract-request', actor: 'system', subject: `extract-request:${job.id}`, details: { event: 'failed', errorId, partialPackageRemoved } }, manager);
    });
  }

  /**
   * A database that hiccuped is no reason to fail a request: the attempt's files go and the
   * request waits to be claimed again, as its next attempt. So does a serialization failure, as
   * when two linked builds of one project overlap (ExtractBuilder): the next attempt's snapshot
   * holds the other's releases. The last attempt fails as any other (maxAttempts bounds the tries).
   */
  private async buildAgainLater(job: RequestRow, error: unknown, directory: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.removePartialPackage(job.id, directory);
      if (!(await this.holdsLease(manager, job))) return;
      this.logger.warn({ err: error, sqlState: sqlStateOf(error), extractRequestId: String(job.id) }, 'an extract build met a transient database error; it will be built again');
      await manager.query(
        `UPDATE extract_request SET status = 'approved', lease_until = NULL, progress = progress || jsonb_build_object('phase', 'waiting to be built again', 'updatedAt', now()) WHERE id = $1`,
        [job.id],
      );
    });
  }

  /**
   * Builds whose workers died on every attempt are failed rather than retried for ever, and what
   * the last attempt wrote is removed: nobody builds into that directory again.
   */
  private async failExhausted(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [exhausted]: [RequestRow[], number] = await manager.query(
        `UPDATE extract_request SET status = 'failed', lease_until = NULL, failure = 'the build was interrupted on every attempt; a steward can approve a new request'
          WHERE status = 'building' AND lease_until < now() AND attempts >= $1
          RETURNING *`,
        [this.maxAttempts],
      );
      for (const job of exhausted) {
        const { id } = job;
        const attempts = Array.from({ length: job.attempts }, (_, index) => this.attemptDirectory(id, index + 1));
        const partialPackageRemoved = await this.removePartialPackage(id, ...attempts, this.packageDirectory(id));
        await this.auditLog.append(
          { kind: 'extract-request', actor: 'system', subject: `extract-request:${id}`, details: { event: 'failed', reason: 'interrupted on every attempt', partialPackageRemoved } },
          manager,
        );
      }
    });
  }

  /** Whether the partial package is gone; when it cannot be removed, the log says why and the audit entry says it was not. */
  private async removePartialPackage(requestId: string | number, ...directories: string[]): Promise<boolean> {
    try {
      await removePackageFiles(...directories);
      return true;
    } catch (error) {
      this.logger.error({ err: error, extractRequestId: String(requestId) }, 'the partial files of a failed extract build could not be removed');
      return false;
    }
  }
}
