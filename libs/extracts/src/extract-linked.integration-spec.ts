import { HubCertificateAuthority } from '@lantern/access';
import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { linkedExtractsPseudonymSecret, ProjectPseudonymiser } from '@lantern/disclosure-control';
import { type OutputRules, type Principal, Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type LinkedPopulation, type MigratedTestDatabase, seedLinkedPopulation } from '@lantern/test-environment';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { type BuildJob, type BuildProgressUpdate, ExtractBuilder, readReleasedStudents } from './extract-builder';
import { ExtractBuildWorker } from './extract-build-worker';
import { ExtractRequests } from './extract-requests';
import { parseExtractSpecification } from './extract-specification';
import { ResearchProjects } from './research-projects';
import { approvedAgreement, statewideResearchTerms, steward, UNIVERSITY } from './testing/research-agreements';
import { researchServices } from './testing/research-services';

// Extracts of a project linked by pseudonym when the agreement allows it (issue 12, item 6), read as
// a researcher who joins them reads them.
const logger = createJsonLogger('extract-linked-test', 'error');
const K = 11;
const researcher: Principal = { clientId: 'univ-linked', role: Role.Researcher, organizationId: UNIVERSITY, authenticatedBy: 'client-secret' };
const SEX = 'edfi.student.birthSexDescriptor';
const SCHOOL = 'edfi.studentSchoolAssociation.schoolReference';

const linkedRules: OutputRules = { dataLevel: 'record', minimumCellSize: K, k: K, linkAcrossExtracts: true };

/** Stops a build after a phase until released, as a build that is slow to finish. */
class GatedBuilder extends ExtractBuilder {
  private stopped!: () => void;
  private go!: () => void;
  readonly reached = new Promise<void>((resolve) => (this.stopped = resolve));
  private readonly released = new Promise<void>((resolve) => (this.go = resolve));
  private gated = true;

  constructor(
    dataSource: DataSource,
    signer: ConstructorParameters<typeof ExtractBuilder>[1],
    private readonly after: string,
  ) {
    super(dataSource, signer, { disclosureFloor: K });
  }

  release(): void {
    this.go();
  }

  override build(job: BuildJob, directory: string, report: (update: BuildProgressUpdate) => Promise<void>) {
    return super.build(job, directory, async (update) => {
      await report(update);
      if (this.gated && update.phase === this.after) {
        this.gated = false;
        this.stopped();
        await this.released;
      }
    });
  }
}

describe('linked extracts of a project against real PostgreSQL', () => {
  jest.setTimeout(120_000);
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let population: LinkedPopulation;
  let agreements: AgreementRegistry;
  let projects: ResearchProjects;
  let requests: ExtractRequests;
  let auditLog: AuditLog;
  let packages: string;
  const hub = HubCertificateAuthority.ephemeral();
  let worker: ExtractBuildWorker;

  async function project(outputRules: OutputRules): Promise<string> {
    const agreementId = await approvedAgreement(
      agreements,
      statewideResearchTerms({
        elements: [
          { domain: 'edfi.student', element: 'birthSexDescriptor', granularity: 'as-recorded' },
          { domain: 'edfi.studentSchoolAssociation', element: 'schoolReference', granularity: 'as-recorded' },
        ],
        outputRules,
      }),
    );
    const submitted = await projects.submit(
      { title: 'Linked', questions: ['?'], institution: 'State University', teamMembers: [{ name: 'A', role: 'PI' }], irbReference: 'IRB-7', agreementId },
      researcher,
    );
    return submitted.id;
  }

  /** A request of the project's for the districts, approved: its id. */
  async function approved(projectId: string, districts: number[], elements: string[]): Promise<string> {
    const specification = parseExtractSpecification({ cohort: { districts }, timeSpan: { from: '2025-07-01', to: '2026-06-30' }, elements, tables: [] });
    const submitted = await requests.submit(projectId, specification, researcher);
    await requests.approve(submitted.id, undefined, steward);
    return submitted.id;
  }

  /** A request approved and built: the package's directory. */
  async function built(projectId: string, districts: number[], elements: string[]): Promise<string> {
    const id = await approved(projectId, districts, elements);
    while (await worker.buildNext());
    expect(await requests.get(id, researcher)).toMatchObject({ status: 'ready', failure: null });
    return packageOf(id);
  }

  const packageOf = (id: string) => path.join(packages, `extract-request-${id}`);

  /** persons.csv: pseudonym → the rest of the row. */
  async function persons(directory: string): Promise<Map<string, string>> {
    const lines = (await readFile(path.join(directory, 'persons.csv'), 'utf8')).split('\r\n').filter(Boolean).slice(1);
    return new Map(lines.map((line) => [line.slice(0, line.indexOf(',')), line.slice(line.indexOf(',') + 1)]));
  }

  /** The extracts joined on pseudonyms, as a researcher would: per person the row in each extract or "absent"; the size of each class. */
  async function unionClasses(directories: string[]): Promise<number[]> {
    const extracts = await Promise.all(directories.map(persons));
    const everyone = new Set(extracts.flatMap((extract) => [...extract.keys()]));
    const classes = new Map<string, number>();
    for (const pseudonym of everyone) {
      const key = JSON.stringify(extracts.map((extract) => extract.get(pseudonym) ?? 'absent'));
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    return [...classes.values()];
  }

  const linkedRule = async (directory: string) =>
    (JSON.parse(await readFile(path.join(directory, 'disclosure-report.json'), 'utf8')) as { rules: Array<{ rule: string; parameters: Record<string, number> }> }).rules.find(
      ({ rule }) => rule === 'linked-extracts-k-anonymity',
    )?.parameters;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    // 20 schools of 20 students, 5 to a district; each school's students are all girls or all boys.
    population = await seedLinkedPopulation(dataSource, 400);
    ({ auditLog, agreements, projects, requests } = researchServices(dataSource, logger));
    packages = await mkdtemp(path.join(tmpdir(), 'lantern-extract-linked-'));
    worker = new ExtractBuildWorker(dataSource, new ExtractBuilder(dataSource, hub.issueExtractSigningKey(), { disclosureFloor: K }), projects, auditLog, logger, {
      packagesDirectory: packages,
    });
  });

  afterAll(async () => {
    await database?.drop();
    if (packages) await rm(packages, { recursive: true, force: true });
  });

  it('keeps the union k-anonymous when a later extract leaves out some of an earlier group, and gives everyone one pseudonym in both', async () => {
    const projectId = await project(linkedRules);
    const districts = population.districts.slice(2, 4);
    const first = await built(projectId, districts, [SEX]);
    expect(await linkedRule(first)).toEqual({ k: K, earlierExtracts: 0, withheldRecords: 0 });
    // One girl leaves the districts' schools before the second extract: alone, she would be the
    // only one of the first extract's girls absent from the second.
    await dataSource.query(
      `UPDATE record_version SET record = jsonb_set(record, '{exitWithdrawDate}', '"2025-06-30"') WHERE contract_id = 'edfi.studentSchoolAssociation' AND record #>> '{studentReference,studentUniqueId}' = 'SYN-12'`,
    );
    const second = await built(projectId, districts, [SEX]);

    expect(Math.min(...(await unionClasses([first, second])))).toBeGreaterThanOrEqual(K);
    // So every other girl of the first is withheld from the second, and the boys are released under the same pseudonyms.
    expect(await linkedRule(second)).toEqual({ k: K, earlierExtracts: 1, withheldRecords: 99 });
    const [a, b] = [await persons(first), await persons(second)];
    expect([...b.values()].every((sex) => sex.endsWith('#Male'))).toBe(true);
    expect(new Set(b.keys())).toEqual(new Set([...a].filter(([, sex]) => sex.endsWith('#Male')).map(([pseudonym]) => pseudonym)));
    expect(b.size).toBe(100);
    const pseudonymiser = new ProjectPseudonymiser(linkedExtractsPseudonymSecret((await projects.forBuild(projectId)).pseudonymSecret));
    expect(new Set((await readReleasedStudents(second)).map((sid) => pseudonymiser.pseudonym(sid)))).toEqual(new Set(b.keys()));
    const dictionary = await readFile(path.join(second, 'data-dictionary.csv'), 'utf8');
    expect(dictionary).toContain('in every linked extract of this project');
  });

  it('keeps the union k-anonymous when a later extract would single out one of an earlier group by its new cells', async () => {
    const districts = population.districts.slice(0, 2);
    // A girl at a boys' school: alone among girls there, once the first extract's sex meets the second's school.
    await dataSource.query(
      `UPDATE record_version SET record = jsonb_set(record, '{birthSexDescriptor}', '"uri://ed-fi.org/SexDescriptor#Female"') WHERE contract_id = 'edfi.student' AND record ->> 'studentUniqueId' = 'SYN-1'`,
    );
    const projectId = await project(linkedRules);
    const first = await built(projectId, districts, [SEX]);
    const second = await built(projectId, districts, [SCHOOL]);

    expect(Math.min(...(await unionClasses([first, second])))).toBeGreaterThanOrEqual(K);
    const report = JSON.parse(await readFile(path.join(second, 'disclosure-report.json'), 'utf8'));
    // The k check withholds her (her earlier releases are a quasi-identifier); then the other girls, so she is not the one girl absent.
    expect(report.microdata).toMatchObject({ suppressedRecords: 1, levels: expect.arrayContaining([expect.objectContaining({ element: 'earlier linked releases', level: 0, top: 0 })]) });
    expect(await linkedRule(second)).toEqual({ k: K, earlierExtracts: 1, withheldRecords: 100 });
    expect((await persons(second)).size).toBe(99);
    // Unlinked, the same two extracts share no pseudonym (as before), so no union can be made.
    const unlinked = await project({ ...linkedRules, linkAcrossExtracts: false });
    const [a, b] = [await persons(await built(unlinked, districts, [SEX])), await persons(await built(unlinked, districts, [SCHOOL]))];
    expect(a.size).toBeGreaterThan(0);
    expect([...a.keys()].filter((pseudonym) => b.has(pseudonym))).toEqual([]);
  });

  it('records no releases for an aggregate-only extract, whose tables hold no pseudonyms', async () => {
    const projectId = await project({ ...linkedRules, dataLevel: 'aggregate' });
    const specification = parseExtractSpecification({
      cohort: { districts: population.districts.slice(0, 1) },
      timeSpan: { from: '2025-07-01', to: '2026-06-30' },
      elements: [SEX, SCHOOL],
      tables: [{ rows: SCHOOL, columns: SEX }],
    });
    const tables = await requests.submit(projectId, specification, researcher);
    await requests.approve(tables.id, undefined, steward);
    while (await worker.buildNext());
    expect(await requests.get(tables.id, researcher)).toMatchObject({ status: 'ready' });
    expect(await dataSource.query(`SELECT 1 FROM extract_linked_release WHERE project_id = $1`, [projectId])).toEqual([]);
    expect(await linkedRule(packageOf(tables.id))).toBeUndefined();
  });

  it('builds again a linked extract whose build overlapped another of the project, and the second build sees the first', async () => {
    const projectId = await project(linkedRules);
    const districts = population.districts.slice(2, 4);
    const [early, late] = [await approved(projectId, districts, [SEX]), await approved(projectId, districts, [SEX])];
    // The early request's build takes its snapshot, then waits while the late one is built and committed.
    const gated = new GatedBuilder(dataSource, hub.issueExtractSigningKey(), 'cohort selected');
    const slow = new ExtractBuildWorker(dataSource, gated, projects, auditLog, logger, { packagesDirectory: packages });
    const slowBuild = slow.buildNext();
    await gated.reached;
    expect(await worker.buildNext()).toBe(true);
    expect(await requests.get(late, researcher)).toMatchObject({ status: 'ready' });
    gated.release();
    await slowBuild;
    // Its snapshot missed the late one's releases: a serialization failure, so it waits to be built again rather than failing.
    expect(await requests.get(early, researcher)).toMatchObject({ status: 'approved', failure: null });
    expect(await dataSource.query(`SELECT attempts FROM extract_request WHERE id = $1`, [early])).toEqual([{ attempts: 1 }]);
    while (await worker.buildNext());
    expect(await requests.get(early, researcher)).toMatchObject({ status: 'ready', failure: null });
    expect(await linkedRule(packageOf(late))).toMatchObject({ earlierExtracts: 0 });
    expect(await linkedRule(packageOf(early))).toMatchObject({ earlierExtracts: 1 });
    expect(await dataSource.query(`SELECT DISTINCT attempt FROM extract_linked_release WHERE request_id = $1`, [early])).toEqual([{ attempt: 2 }]);
    expect(Math.min(...(await unionClasses([packageOf(late), packageOf(early)])))).toBeGreaterThanOrEqual(K);
  });
});
