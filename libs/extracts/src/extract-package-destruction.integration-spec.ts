import { HubCertificateAuthority } from '@lantern/access';
import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { LanternErrorCode } from '@lantern/errors';
import { type Principal, PURPOSES, Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, seedLinkedPopulation } from '@lantern/test-environment';
import { existsSync, readdirSync } from 'node:fs';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ExtractBuilder, type PackageSigner, releasedStudentsFile } from './extract-builder';
import { ExtractBuildWorker } from './extract-build-worker';
import { ExtractRequests } from './extract-requests';
import { parseExtractSpecification } from './extract-specification';
import { ResearchProjects } from './research-projects';
import { approvedAgreement, statewideResearchTerms, steward, UNIVERSITY } from './testing/research-agreements';
import { researchServices } from './testing/research-services';

const logger = createJsonLogger('extract-destruction-test', 'error');
const DAY = 86_400_000;
const researcher: Principal = { clientId: 'univ-extracts', role: Role.Researcher, organizationId: UNIVERSITY, authenticatedBy: 'client-secret' };
const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('research extract packages leave no personal data on disk beyond their time', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let packages: string;
  let districts: number[];
  let auditLog: AuditLog;
  let agreements: AgreementRegistry;
  let projects: ResearchProjects;
  let requests: ExtractRequests;
  const destroyBy = new Date(Date.now() + 400 * DAY);

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    packages = await mkdtemp(path.join(tmpdir(), 'lantern-extract-destruction-'));
    ({ districts } = await seedLinkedPopulation(dataSource, 60));
    ({ auditLog, agreements, projects, requests } = researchServices(dataSource, logger));
  });

  afterAll(async () => {
    await database?.drop();
    if (packages) await rm(packages, { recursive: true, force: true });
  });

  const worker = (signer: PackageSigner = HubCertificateAuthority.ephemeral().issueExtractSigningKey(), maxAttempts?: number) =>
    new ExtractBuildWorker(dataSource, new ExtractBuilder(dataSource, signer), projects, auditLog, logger, { packagesDirectory: packages, maxAttempts });

  /** A request of a fresh project under an agreement destroyed at `destroyBy`, approved: its id and package directory. */
  async function approvedRequest(): Promise<{ id: string; directory: string }> {
    const terms = statewideResearchTerms({
      title: 'School mobility',
      purpose: { code: PURPOSES.research, description: 'Growth of the same students across schools' },
      elements: [
        { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
        { domain: 'edfi.studentSchoolAssociation', element: 'schoolReference', granularity: 'as-recorded' },
      ],
      destroyBy: destroyBy.toISOString(),
    });
    const agreementId = await approvedAgreement(agreements, terms);
    const project = await projects.submit(
      {
        title: 'Mobility',
        questions: ['Does moving school slow growth?'],
        institution: 'State University',
        teamMembers: [{ name: 'A. Researcher', role: 'PI' }],
        irbReference: 'IRB-1',
        agreementId,
      },
      researcher,
    );
    const specification = parseExtractSpecification({
      cohort: { districts },
      elements: ['edfi.student.birthDate', 'edfi.studentSchoolAssociation.schoolReference'],
      timeSpan: { from: '2025-07-01', to: '2026-06-30' },
    });
    const request = await requests.submit(project.id, specification, researcher);
    await requests.approve(request.id, undefined, steward);
    return { id: request.id, directory: path.join(packages, `extract-request-${request.id}`) };
  }

  const auditedFailure = async (requestId: string) =>
    dataSource.query(`SELECT actor, details FROM audit_entry WHERE subject = $1 AND details ->> 'event' = 'failed'`, [`extract-request:${requestId}`]);

  it('removes the package from disk once destroyBy has passed, says so in the audit log, and refuses its download', async () => {
    const builds = worker();
    const request = await approvedRequest();
    while (await builds.buildNext());
    const { directory } = request;
    expect(await requests.get(request.id, researcher)).toMatchObject({ status: 'ready' });

    // Before destroyBy the package stays and can be downloaded.
    expect(await builds.destroyPackagesDue(new Date(destroyBy.getTime() - 1_000))).toBe(0);
    expect(await requests.releasePackage(request.id, researcher)).toMatchObject({ packagePath: directory });

    expect(await builds.destroyPackagesDue(new Date(destroyBy.getTime() + 1_000))).toBe(1);
    expect(await exists(directory)).toBe(false);
    expect(await exists(releasedStudentsFile(directory))).toBe(false);
    expect(await requests.get(request.id, researcher)).toMatchObject({ status: 'destroyed' });
    const [entry] = await dataSource.query(`SELECT actor, details FROM audit_entry WHERE subject = $1 AND details ->> 'event' = 'package-destroyed'`, [`extract-request:${request.id}`]);
    expect(entry).toEqual({ actor: 'system', details: { event: 'package-destroyed', destroyBy: destroyBy.toISOString(), manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    await expect(requests.releasePackage(request.id, researcher)).rejects.toMatchObject({ code: LanternErrorCode.Conflict, detail: expect.stringContaining('destroyed') });
    // Destroyed once: a later run finds nothing more to do.
    expect(await builds.destroyPackagesDue(new Date(destroyBy.getTime() + 2_000))).toBe(0);
  });

  it('removes every file a failed build wrote, and the audit entry of the failure says so', async () => {
    const request = await approvedRequest();
    // Signing is the last step: what is on disk when it fails is everything the build wrote.
    let written: string[] = [];
    let studentsListed = false;
    const building = `${request.directory}.attempt-1`;
    const failing = worker({
      signDetached: () => {
        written = readdirSync(building);
        studentsListed = existsSync(releasedStudentsFile(building));
        throw new Error('the signing key is unavailable');
      },
    });
    while (await failing.buildNext());

    expect(written).toEqual(expect.arrayContaining(['persons.csv', 'edfi.studentSchoolAssociation.csv', 'disclosure-report.md', 'manifest.json']));
    expect(studentsListed).toBe(true);
    expect(await requests.get(request.id, researcher)).toMatchObject({ status: 'failed', failure: expect.stringContaining('the signing key is unavailable') });
    for (const directory of [building, request.directory]) {
      expect(await exists(directory)).toBe(false);
      expect(await exists(releasedStudentsFile(directory))).toBe(false);
    }
    expect(await auditedFailure(request.id)).toEqual([{ actor: 'system', details: { event: 'failed', errorId: expect.any(String), partialPackageRemoved: true } }]);
  });

  it('removes what a worker that died during the last attempt left, when the build is failed for it', async () => {
    const request = await approvedRequest();
    // What a worker killed during its third and last attempt leaves: a lapsed lease and half a package in that attempt's directory.
    await dataSource.query(`UPDATE extract_request SET status = 'building', attempts = 3, lease_until = now() - interval '1 second' WHERE id = $1`, [request.id]);
    const lastAttempt = `${request.directory}.attempt-3`;
    await mkdir(lastAttempt, { recursive: true });
    await writeFile(path.join(lastAttempt, 'persons.csv'), 'pseudonym,edfi.student.birthDate\r\nP0000000000000000000,2014\r\n');
    await writeFile(releasedStudentsFile(lastAttempt), 'sid\r\nSYN-SID-1\r\n');

    expect(await worker(undefined, 3).buildNext()).toBe(false);

    expect(await requests.get(request.id, researcher)).toMatchObject({ status: 'failed', failure: expect.stringContaining('interrupted on every attempt') });
    expect(await exists(lastAttempt)).toBe(false);
    expect(await exists(releasedStudentsFile(lastAttempt))).toBe(false);
    expect(await auditedFailure(request.id)).toEqual([{ actor: 'system', details: { event: 'failed', reason: 'interrupted on every attempt', partialPackageRemoved: true } }]);
  });
});
