import { HubCertificateAuthority } from '@lantern/access';
import { AuditLog } from '@lantern/audit';
import { type Principal, Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, seedLinkedPopulation } from '@lantern/test-environment';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { type BuildJob, type BuildProgressUpdate, ExtractBuilder, MANIFEST, type PackageSigner, readReleasedStudents } from './extract-builder';
import { ExtractBuildWorker } from './extract-build-worker';
import { ExtractRequests } from './extract-requests';
import { parseExtractSpecification } from './extract-specification';
import { verifyPackage } from './package/package-verifier';
import { ResearchProjects } from './research-projects';
import { approvedAgreement, statewideResearchTerms, steward, UNIVERSITY } from './testing/research-agreements';
import { researchServices } from './testing/research-services';

const logger = createJsonLogger('extract-takeover-test', 'error');
const researcher: Principal = { clientId: 'univ-extracts', role: Role.Researcher, organizationId: UNIVERSITY, authenticatedBy: 'client-secret' };
const ELEMENTS = ['edfi.student.birthDate', 'edfi.studentSchoolAssociation.schoolReference', 'edfi.studentAssessment.scoreResults'];

/**
 * A worker that stops for a long while (a GC pause, a network partition) right after renewing its
 * lease at one phase of the build, then goes on as if nothing happened: it finds out only at its
 * next renewal, or at the end, that the build was taken over.
 */
class PausingBuilder extends ExtractBuilder {
  private pause!: () => void;
  private resume!: () => void;
  /** Resolves once the worker has stopped. */
  readonly paused = new Promise<void>((resolve) => (this.pause = resolve));
  private readonly resumed = new Promise<void>((resolve) => (this.resume = resolve));

  constructor(
    dataSource: DataSource,
    signer: PackageSigner,
    private readonly pauseAfter: string,
  ) {
    super(dataSource, signer);
  }

  wake(): void {
    this.resume();
  }

  override build(job: BuildJob, directory: string, report: (update: BuildProgressUpdate) => Promise<void>) {
    return super.build(job, directory, async (update) => {
      await report(update);
      if (update.phase === this.pauseAfter) {
        this.pause();
        await this.resumed;
      }
    });
  }
}

type Outcome = { details: { event: string; manifestSha256?: string; cohort?: number; releasedPeople?: number } };

describe('an extract build taken over from a worker presumed dead that is still alive', () => {
  jest.setTimeout(120_000);
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let packages: string;
  let districts: number[];
  let auditLog: AuditLog;
  let projects: ResearchProjects;
  let requests: ExtractRequests;
  let projectId: string;
  const hub = HubCertificateAuthority.ephemeral();

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    packages = await mkdtemp(path.join(tmpdir(), 'lantern-extract-takeover-'));
    ({ districts } = await seedLinkedPopulation(dataSource, 60));
    const services = researchServices(dataSource, logger);
    ({ auditLog, projects, requests } = services);
    const { agreements } = services;
    const agreementId = await approvedAgreement(
      agreements,
      statewideResearchTerms({
        elements: [
          { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
          { domain: 'edfi.studentSchoolAssociation', element: 'schoolReference', granularity: 'as-recorded' },
          { domain: 'edfi.studentAssessment', element: 'scoreResults', granularity: 'as-recorded' },
        ],
      }),
    );
    const project = await projects.submit(
      { title: 'Mobility', questions: ['Does moving school slow growth?'], institution: 'State University', teamMembers: [{ name: 'A', role: 'PI' }], irbReference: 'IRB-9', agreementId },
      researcher,
    );
    projectId = project.id;
  });

  afterAll(async () => {
    await database?.drop();
    if (packages) await rm(packages, { recursive: true, force: true });
  });

  const worker = (builder: ExtractBuilder) => new ExtractBuildWorker(dataSource, builder, projects, auditLog, logger, { packagesDirectory: packages });
  const outcomesOf = (id: string): Promise<Outcome[]> =>
    dataSource.query(`SELECT details FROM audit_entry WHERE subject = $1 AND details ->> 'event' IN ('built', 'failed') ORDER BY recorded_at`, [`extract-request:${id}`]);
  const filesOf = async (id: string) => (await readdir(packages)).filter((name) => name.startsWith(`extract-request-${id}`)).sort();

  /**
   * An approved request that the stalled worker claims and stops in; its lease lapses (it is
   * presumed dead), `meanwhile` runs, and another worker builds the request whole.
   */
  async function takenOver(stalled: PausingBuilder, meanwhile: () => Promise<unknown> = async () => undefined): Promise<{ id: string; firstBuild: Promise<boolean> }> {
    const { id } = await requests.submit(projectId, parseExtractSpecification({ cohort: { districts }, elements: ELEMENTS, timeSpan: { from: '2025-07-01', to: '2026-06-30' } }), researcher);
    await requests.approve(id, undefined, steward);
    const firstBuild = worker(stalled).buildNext();
    await stalled.paused;
    await dataSource.query(`UPDATE extract_request SET lease_until = now() - interval '1 second' WHERE id = $1`, [id]);
    await meanwhile();
    expect(await worker(new ExtractBuilder(dataSource, hub.issueExtractSigningKey())).buildNext()).toBe(true);
    expect(await requests.get(id, researcher)).toMatchObject({ status: 'ready', attempts: 2 });
    return { id, firstBuild };
  }

  it('publishes only whole files of the build that took over; the old worker’s late writes touch none of them', async () => {
    const stalled = new PausingBuilder(dataSource, hub.issueExtractSigningKey(), 'persons.csv written');
    // While it is stopped more students enrol, so the build that takes over sees a snapshot the
    // stalled one does not: their files differ.
    const { id, firstBuild } = await takenOver(stalled, () => seedLinkedPopulation(dataSource, 120));

    // The stalled worker wakes, writes its next file, and meets the takeover.
    stalled.wake();
    expect(await firstBuild).toBe(true);

    const directory = path.join(packages, `extract-request-${id}`);
    const verification = await verifyPackage(directory, hub.certificatePem);
    expect(verification.problems).toEqual([]);
    const manifestSha256 = createHash('sha256')
      .update(await readFile(path.join(directory, MANIFEST)))
      .digest('hex');
    // The package on disk is the one the takeover built and recorded, over the larger cohort.
    const outcomes = await outcomesOf(id);
    expect(outcomes).toEqual([{ details: expect.objectContaining({ event: 'built', manifestSha256, cohort: 120 }) }]);
    expect(verification.manifest).toMatchObject({ cohort: 120, releasedPeople: outcomes[0].details.releasedPeople });
    expect(await readReleasedStudents(directory)).toHaveLength(outcomes[0].details.releasedPeople!);
    // Nothing of the stalled attempt is left beside it.
    expect(await filesOf(id)).toEqual([`extract-request-${id}`, `extract-request-${id}.students.csv`]);
  });

  it('keeps the package of the build that took over when the old worker’s build then fails: its clean-up removes only its own files, and it records no failure', async () => {
    const unavailable: PackageSigner = {
      signDetached: () => {
        throw new Error('the signing key is unavailable');
      },
    };
    // Stopped with every file written, it wakes to write its manifest and fail signing it.
    const stalled = new PausingBuilder(dataSource, unavailable, 'package written');
    const { id, firstBuild } = await takenOver(stalled);

    stalled.wake();
    expect(await firstBuild).toBe(true);

    expect((await verifyPackage(path.join(packages, `extract-request-${id}`), hub.certificatePem)).problems).toEqual([]);
    expect(await requests.get(id, researcher)).toMatchObject({ status: 'ready', failure: null });
    expect((await outcomesOf(id)).map((outcome) => outcome.details.event)).toEqual(['built']);
    expect(await filesOf(id)).toEqual([`extract-request-${id}`, `extract-request-${id}.students.csv`]);
  });
});
