import { HubCertificateAuthority } from '@lantern/access';
import { AgreementRegistry, PolicyDecisions } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { DisclosureLog } from '@lantern/disclosures';
import { LanternErrorCode } from '@lantern/errors';
import { type Principal, PURPOSES, Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, seedLinkedPopulation } from '@lantern/test-environment';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ExtractBuilder, releasedStudentsFile } from './extract-builder';
import { ExtractBuildWorker } from './extract-build-worker';
import { ExtractRequests } from './extract-requests';
import { parseExtractSpecification } from './extract-specification';
import { ResearchProjects } from './research-projects';
import { approvedAgreement, statewideResearchTerms, steward, UNIVERSITY } from './testing/research-agreements';

const logger = createJsonLogger('extract-destruction-test', 'error');
const DAY = 86_400_000;
const researcher: Principal = { clientId: 'univ-extracts', role: Role.Researcher, organizationId: UNIVERSITY, authenticatedBy: 'client-secret' };
const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('research extract packages are destroyed at their agreement’s destroyBy', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let packages: string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    packages = await mkdtemp(path.join(tmpdir(), 'lantern-extract-destruction-'));
  });

  afterAll(async () => {
    await database?.drop();
    if (packages) await rm(packages, { recursive: true, force: true });
  });

  it('removes the package from disk once destroyBy has passed, says so in the audit log, and refuses its download', async () => {
    const { districts } = await seedLinkedPopulation(dataSource, 60);
    const auditLog = new AuditLog(dataSource);
    const agreements = new AgreementRegistry(dataSource, auditLog);
    const destroyBy = new Date(Date.now() + 400 * DAY);
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
    const projects = new ResearchProjects(dataSource, agreements, auditLog);
    const requests = new ExtractRequests(dataSource, projects, agreements, new PolicyDecisions(agreements, auditLog, logger), new DisclosureLog(dataSource, auditLog), auditLog);
    const worker = new ExtractBuildWorker(dataSource, new ExtractBuilder(dataSource, HubCertificateAuthority.ephemeral().issueExtractSigningKey()), projects, auditLog, logger, {
      packagesDirectory: packages,
    });
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
    while (await worker.buildNext());
    const directory = path.join(packages, `extract-request-${request.id}`);
    expect(await requests.get(request.id, researcher)).toMatchObject({ status: 'ready' });

    // Before destroyBy the package stays and can be downloaded.
    expect(await worker.destroyPackagesDue(new Date(destroyBy.getTime() - 1_000))).toBe(0);
    expect(await requests.releasePackage(request.id, researcher)).toMatchObject({ packagePath: directory });

    expect(await worker.destroyPackagesDue(new Date(destroyBy.getTime() + 1_000))).toBe(1);
    expect(await exists(directory)).toBe(false);
    expect(await exists(releasedStudentsFile(directory))).toBe(false);
    expect(await requests.get(request.id, researcher)).toMatchObject({ status: 'destroyed' });
    const [entry] = await dataSource.query(`SELECT actor, details FROM audit_entry WHERE subject = $1 AND details ->> 'event' = 'package-destroyed'`, [`extract-request:${request.id}`]);
    expect(entry).toEqual({ actor: 'system', details: { event: 'package-destroyed', destroyBy: destroyBy.toISOString(), manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    await expect(requests.releasePackage(request.id, researcher)).rejects.toMatchObject({ code: LanternErrorCode.Conflict, detail: expect.stringContaining('destroyed') });
    // Destroyed once: a later run finds nothing more to do.
    expect(await worker.destroyPackagesDue(new Date(destroyBy.getTime() + 2_000))).toBe(0);
  });
});
