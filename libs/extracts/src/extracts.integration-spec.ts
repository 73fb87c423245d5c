import { HubCertificateAuthority } from '@lantern/access';
import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { extractPseudonymSecret, ProjectPseudonymiser } from '@lantern/disclosure-control';
import { DisclosureLog } from '@lantern/disclosures';
import { LanternErrorCode } from '@lantern/errors';
import { type AgreementTerms, type Principal, Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type LinkedPopulation, type MigratedTestDatabase, seedLinkedPopulation } from '@lantern/test-environment';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ExtractBuilder, readReleasedStudents, releasedStudentsFile } from './extract-builder';
import { ExtractBuildWorker } from './extract-build-worker';
import { ExtractRequests } from './extract-requests';
import { parseExtractSpecification, type ExtractSpecification } from './extract-specification';
import { verifyPackage } from './package/package-verifier';
import { ResearchProjects } from './research-projects';
import { approvedAgreement, statewideResearchTerms, steward, UNIVERSITY } from './testing/research-agreements';
import { researchServices } from './testing/research-services';

const logger = createJsonLogger('extracts-test', 'error');
const K = 11;
const researcher: Principal = { clientId: 'univ-extracts', role: Role.Researcher, organizationId: UNIVERSITY, authenticatedBy: 'client-secret' };

const terms = (): AgreementTerms =>
  statewideResearchTerms({
    elements: [
      { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
      { domain: 'edfi.student', element: 'birthSexDescriptor', granularity: 'as-recorded' },
      { domain: 'edfi.studentEducationOrganizationAssociation', element: 'races', granularity: 'as-recorded' },
      { domain: 'edfi.studentSchoolAssociation', element: 'schoolReference', granularity: 'as-recorded' },
      { domain: 'edfi.studentSchoolAssociation', element: 'entryGradeLevelDescriptor', granularity: 'as-recorded' },
      { domain: 'edfi.studentAssessment', element: 'scoreResults', granularity: 'as-recorded' },
      { domain: 'edfi.studentAssessment', element: 'administrationDate', granularity: 'year-month' },
    ],
    outputRules: { dataLevel: 'record', minimumCellSize: 11, k: K },
  });

const SCHOOL = 'edfi.studentSchoolAssociation.schoolReference';
const SEX = 'edfi.student.birthSexDescriptor';

describe('research extracts against real PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let population: LinkedPopulation;
  let agreements: AgreementRegistry;
  let projects: ResearchProjects;
  let requests: ExtractRequests;
  let worker: ExtractBuildWorker;
  let packages: string;
  let agreementId: string;
  const hub = HubCertificateAuthority.ephemeral();

  const specification = (overrides: Record<string, unknown> = {}): ExtractSpecification =>
    parseExtractSpecification({
      cohort: { districts: population.districts.slice(0, 2) },
      elements: terms().elements.map((element) => `${element.domain}.${element.element}`),
      timeSpan: { from: '2025-07-01', to: '2026-06-30' },
      tables: [{ rows: SCHOOL, columns: SEX }],
      ...overrides,
    });

  /** A project under the agreement, a request, a steward's approval and a build: the package directory. */
  async function builtPackage(overrides: Record<string, unknown> = {}): Promise<{ projectId: string; requestId: string; directory: string }> {
    const project = await projects.submit(
      {
        title: 'Mobility',
        questions: ['Does moving school slow growth?'],
        institution: 'State University',
        teamMembers: [{ name: 'A. Researcher', role: 'PI' }],
        irbReference: 'IRB-2026-17',
        agreementId,
      },
      researcher,
    );
    const request = await requests.submit(project.id, specification(overrides), researcher);
    await requests.approve(request.id, undefined, steward);
    while (await worker.buildNext());
    const built = await requests.get(request.id, researcher);
    expect(built).toMatchObject({ status: 'ready', failure: null, progress: { phase: 'ready' }, attempts: 1 });
    return { projectId: project.id, requestId: request.id, directory: path.join(packages, `extract-request-${request.id}`) };
  }

  async function csv(file: string): Promise<string[][]> {
    const text = await readFile(file, 'utf8');
    return text
      .split('\r\n')
      .filter(Boolean)
      .map((line) => (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replaceAll('""', '"')).slice(0, -1));
  }

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    population = await seedLinkedPopulation(dataSource, 400);
    const services = researchServices(dataSource, logger);
    ({ agreements, projects, requests } = services);
    const { auditLog } = services;
    agreementId = await approvedAgreement(agreements, terms());
    packages = await mkdtemp(path.join(tmpdir(), 'lantern-extracts-'));
    worker = new ExtractBuildWorker(dataSource, new ExtractBuilder(dataSource, hub.issueExtractSigningKey()), projects, auditLog, logger, { packagesDirectory: packages });
  });

  afterAll(async () => {
    await database?.drop();
    if (packages) await rm(packages, { recursive: true, force: true });
  });

  it('builds a signed package whose files all match the manifest, with a disclosure report and data dictionary', async () => {
    const { directory } = await builtPackage();
    const verification = await verifyPackage(directory, hub.certificatePem);
    expect(verification.problems).toEqual([]);
    expect(verification.verifiedFiles).toEqual(
      expect.arrayContaining([
        'persons.csv',
        'edfi.studentAssessment.csv',
        'edfi.studentSchoolAssociation.csv',
        `table-${SCHOOL}-by-${SEX}.csv`,
        'data-dictionary.csv',
        'disclosure-report.json',
        'disclosure-report.md',
      ]),
    );
    // Two of four districts: half the population.
    expect(verification.manifest).toMatchObject({ cohort: 200, agreement: { id: agreementId, version: 1 } });
    const report = JSON.parse(await readFile(path.join(directory, 'disclosure-report.json'), 'utf8'));
    expect(report.rules.map((rule: { rule: string }) => rule.rule)).toEqual(expect.arrayContaining(['extract-pseudonyms', 'k-anonymity', 'small-cell-suppression']));
  });

  it('lets no direct identifier through: no name, local or statewide id, or full birth date in any cell of any file', async () => {
    const { directory } = await builtPackage();
    const forbidden = /SYN-|First-|Last-|\d{4}-\d{2}-\d{2}/;
    let cells = 0;
    for (const name of await readdir(directory)) {
      if (!name.endsWith('.csv')) continue;
      for (const row of await csv(path.join(directory, name))) {
        for (const cell of row) {
          cells += 1;
          expect(`${name}: ${cell}`).not.toMatch(forbidden);
        }
      }
    }
    expect(cells).toBeGreaterThan(1000);
    expect(await readFile(path.join(directory, 'disclosure-report.md'), 'utf8')).not.toMatch(forbidden);
  });

  it('releases every combination of quasi-identifiers in the person file for at least k people', async () => {
    const { directory } = await builtPackage();
    const [header, ...rows] = await csv(path.join(directory, 'persons.csv'));
    expect(header[0]).toBe('pseudonym');
    expect(rows.length).toBeGreaterThan(0);
    const classes = new Map<string, number>();
    for (const row of rows) classes.set(JSON.stringify(row.slice(1)), (classes.get(JSON.stringify(row.slice(1))) ?? 0) + 1);
    for (const [combination, size] of classes) expect({ combination, size: Math.min(size, K) }).toEqual({ combination, size: K });
    // The other files hold only the released people.
    const released = new Set(rows.map((row) => row[0]));
    const [, ...scores] = await csv(path.join(directory, 'edfi.studentAssessment.csv'));
    for (const row of scores) expect(released.has(row[0])).toBe(true);
  });

  it('releases no small cell in a table, and withholds at least two cells in any line that withholds one', async () => {
    const { directory } = await builtPackage();
    const [header, ...rows] = await csv(path.join(directory, `table-${SCHOOL}-by-${SEX}.csv`));
    expect(header[header.length - 1]).toBe('total');
    const grid = rows.map((row) => row.slice(1));
    for (const cell of grid.flat()) if (cell !== '*') expect(Number(cell) === 0 || Number(cell) > 10).toBe(true);
    const lines = [...grid, ...grid[0].map((_, column) => grid.map((row) => row[column]))];
    for (const line of lines) {
      const withheld = line.filter((cell) => cell === '*').length;
      expect(withheld === 0 || withheld >= 2).toBe(true);
    }
  });

  it("releases each person under the extract's HMAC pseudonym of their SID, in the person file and the domain files alike", async () => {
    const { projectId, requestId, directory } = await builtPackage();
    const pseudonymiser = new ProjectPseudonymiser(extractPseudonymSecret((await projects.forBuild(projectId)).pseudonymSecret, requestId));
    const expected = new Set((await readReleasedStudents(directory)).map((sid) => pseudonymiser.pseudonym(sid)));
    const firstColumn = async (file: string) => (await csv(path.join(directory, file))).slice(1).map((row) => row[0]);
    expect(expected.size).toBeGreaterThan(0);
    expect(new Set(await firstColumn('persons.csv'))).toEqual(expected);
    for (const file of ['edfi.studentAssessment.csv', 'edfi.studentSchoolAssociation.csv']) {
      const pseudonyms = await firstColumn(file);
      expect(pseudonyms.length).toBeGreaterThan(0);
      expect(pseudonyms.filter((pseudonym) => !expected.has(pseudonym))).toEqual([]);
    }
  });

  it('gives the same person different pseudonyms in two projects', async () => {
    const first = await builtPackage();
    const second = await builtPackage();
    const pseudonyms = async (directory: string) => new Set((await csv(path.join(directory, 'edfi.studentAssessment.csv'))).slice(1).map((row) => row[0]));
    const [a, b] = [await pseudonyms(first.directory), await pseudonyms(second.directory)];
    expect(a.size).toBeGreaterThan(0);
    expect([...a].filter((pseudonym) => b.has(pseudonym))).toEqual([]);
  });

  it('fails verification when a file is altered, removed or added, or the manifest is edited', async () => {
    const { directory } = await builtPackage();
    const copy = await mkdtemp(path.join(tmpdir(), 'lantern-tampered-'));
    await cp(directory, copy, { recursive: true });
    const persons = path.join(copy, 'persons.csv');
    const original = await readFile(persons);
    const altered = Buffer.from(original);
    altered[altered.length - 3] = altered[altered.length - 3] === 0x31 ? 0x32 : 0x31;
    await writeFile(persons, altered);
    await writeFile(path.join(copy, 'extra.csv'), 'pseudonym\r\n');
    await rm(path.join(copy, 'data-dictionary.csv'));
    expect((await verifyPackage(copy, hub.certificatePem)).problems).toEqual([
      'persons.csv: its SHA-256 does not match the manifest (the file was altered)',
      'data-dictionary.csv: listed in the manifest but missing',
      'extra.csv: not in the manifest (a file was added)',
    ]);
    const manifest = path.join(copy, 'manifest.json');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('"cohort": 200', '"cohort": 201'));
    expect((await verifyPackage(copy, hub.certificatePem)).problems).toContain('the signed content differs from the manifest (its SHA-256 does not match)');
    await rm(copy, { recursive: true, force: true });
  });

  it('refuses a request outside the agreement with the reasons, and approves it narrowed to what the agreement allows', async () => {
    const project = await projects.submit(
      { title: 'Attendance', questions: ['?'], institution: 'State University', teamMembers: [{ name: 'B', role: 'PI' }], irbReference: 'IRB-9', agreementId },
      researcher,
    );
    const wider = specification({ elements: ['edfi.student.birthDate', 'edfi.studentSchoolAttendanceEvent.attendanceEventCategoryDescriptor'], tables: [] });
    const request = await requests.submit(project.id, wider, researcher);
    await expect(requests.approve(request.id, undefined, steward)).rejects.toMatchObject({
      code: LanternErrorCode.Conflict,
      detail: expect.stringContaining('elements not permitted: edfi.studentSchoolAttendanceEvent.attendanceEventCategoryDescriptor'),
    });
    const approved = await requests.approve(request.id, [{ domain: 'edfi.student', element: 'birthDate' }], steward);
    expect(approved).toMatchObject({ status: 'approved', approvedElements: [{ domain: 'edfi.student', element: 'birthDate', granularity: 'year' }] });
    await expect(requests.approve(request.id, undefined, steward)).rejects.toMatchObject({ code: LanternErrorCode.Conflict });
  });

  describe('under an agreement bounding the cohort by criteria, without linkage', () => {
    const PLACEMENT = 'partner.childWelfarePlacement.placementSettingDescriptor';
    let bounded: string;

    /** A project under the bounded agreement and a request in it, as the researcher submits them. */
    async function request(cohort: Record<string, unknown>, elements: string[]) {
      const project = await projects.submit(
        { title: 'Bounded', questions: ['?'], institution: 'U', teamMembers: [{ name: 'D', role: 'PI' }], irbReference: 'IRB-4', agreementId: bounded },
        researcher,
      );
      return requests.submit(project.id, specification({ cohort, elements, tables: [] }), researcher);
    }

    beforeAll(async () => {
      const boundedTerms: AgreementTerms = {
        ...terms(),
        title: 'Two districts, K-12 and child welfare, no linkage',
        elements: [...terms().elements, { domain: 'partner.childWelfarePlacement', element: 'placementSettingDescriptor', granularity: 'as-recorded' }],
        population: { kind: 'cohort', criteria: { sectors: ['k12', 'partner'], districts: population.districts.slice(0, 2) } },
        linkagePermitted: false,
      };
      bounded = await approvedAgreement(agreements, boundedTerms);
    });

    it('refuses a request for a district outside the cohort, naming it', async () => {
      const [first, second, outside] = population.districts;
      const wider = await request({ districts: [first, outside] }, ['edfi.student.birthDate']);
      await expect(requests.approve(wider.id, undefined, steward)).rejects.toMatchObject({
        code: LanternErrorCode.Conflict,
        detail: expect.stringContaining(`district ${outside} is outside the agreement's cohort (district ${first}, district ${second})`),
      });
      // A school is placed in a district by the hub's own School records, not by the request.
      const school = population.schools.find((id) => Math.floor(id / 1000) === outside)!;
      const bySchool = await request({ schools: [school] }, ['edfi.student.birthDate']);
      await expect(requests.approve(bySchool.id, undefined, steward)).rejects.toMatchObject({ detail: expect.stringContaining(`school ${school} is outside the agreement's cohort`) });
      expect(await requests.get(wider.id, researcher)).toMatchObject({ status: 'submitted', review: null });
    });

    it('refuses K-12 and child-welfare elements together, and child-welfare alone, since every cohort is found through K-12 enrolments', async () => {
      const linked = await request({ districts: [population.districts[0]] }, ['edfi.student.birthDate', PLACEMENT]);
      const reason = 'linkage is not permitted: the request joins records of k12 and partner.childWelfarePlacement';
      await expect(requests.approve(linked.id, undefined, steward)).rejects.toMatchObject({ code: LanternErrorCode.Conflict, detail: expect.stringContaining(reason) });
      await expect(requests.approve(linked.id, [{ domain: 'partner.childWelfarePlacement', element: 'placementSettingDescriptor' }], steward)).rejects.toMatchObject({
        detail: expect.stringContaining(reason),
      });
      expect(await requests.preview(linked.id, steward)).toMatchObject({ decision: 'deny', reasons: [expect.stringContaining(reason)] });
    });

    it('approves a request within the cohort and one sector, across its contracts', async () => {
      const school = population.schools.find((id) => Math.floor(id / 1000) === population.districts[1])!;
      const within = await request({ districts: [population.districts[0]], schools: [school] }, ['edfi.student.birthDate', 'edfi.studentAssessment.scoreResults']);
      await expect(requests.approve(within.id, undefined, steward)).resolves.toMatchObject({
        status: 'approved',
        approvedElements: [
          { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
          { domain: 'edfi.studentAssessment', element: 'scoreResults', granularity: 'as-recorded' },
        ],
      });
    });
  });

  it('refuses direct identifiers when the request is made', () => {
    expect(() => specification({ elements: ['edfi.student.lastSurname'] })).toThrow('edfi.student.lastSurname is a direct identifier');
  });

  it('restarts a build whose worker died: the lease runs out and the next claim builds it from nothing', async () => {
    const project = await projects.submit({ title: 'Crash', questions: ['?'], institution: 'U', teamMembers: [{ name: 'C', role: 'PI' }], irbReference: 'IRB-3', agreementId }, researcher);
    const request = await requests.submit(project.id, specification(), researcher);
    await requests.approve(request.id, undefined, steward);
    // What a worker killed mid-build leaves: a claimed request with a lapsed lease and half a package in its attempt's directory.
    await dataSource.query(`UPDATE extract_request SET status = 'building', attempts = 1, lease_until = now() - interval '1 second' WHERE id = $1`, [request.id]);
    const directory = path.join(packages, `extract-request-${request.id}`);
    await mkdir(`${directory}.attempt-1`, { recursive: true });
    await writeFile(path.join(`${directory}.attempt-1`, 'persons.csv'), 'half a file');
    await writeFile(path.join(`${directory}.attempt-1`, 'left-over.tmp'), 'junk');
    await writeFile(releasedStudentsFile(`${directory}.attempt-1`), 'sid\r\n');
    while (await worker.buildNext());
    expect(await requests.get(request.id, researcher)).toMatchObject({ status: 'ready', attempts: 2 });
    expect((await verifyPackage(directory, hub.certificatePem)).problems).toEqual([]);
    expect((await readdir(packages)).filter((name) => name.startsWith(`extract-request-${request.id}.`))).toEqual([`extract-request-${request.id}.students.csv`]);
  });

  it('downloads a package that releases no student without recording a disclosure', async () => {
    const disclosures = new DisclosureLog(dataSource, new AuditLog(dataSource));
    const before = await disclosures.forOrganization(UNIVERSITY, { limit: 500 });
    // Nobody was enrolled in the cohort's districts in that span.
    const { requestId, directory } = await builtPackage({ timeSpan: { from: '1990-07-01', to: '1991-06-30' }, tables: [] });
    expect((await readFile(releasedStudentsFile(directory), 'utf8')).split('\r\n').filter(Boolean)).toHaveLength(1);
    const release = await requests.releasePackage(requestId, researcher);
    expect(release).toMatchObject({ packagePath: expect.any(String), disclosureId: null });
    expect(await disclosures.forOrganization(UNIVERSITY, { limit: 500 })).toEqual(before);
  });

  it('records each download as a disclosure of every released student, and refuses downloads once the agreement is suspended', async () => {
    const { requestId, directory } = await builtPackage();
    const students = (await readFile(releasedStudentsFile(directory), 'utf8')).split('\r\n').filter(Boolean).slice(1);
    expect(students.length).toBeGreaterThan(0);
    const release = await requests.releasePackage(requestId, researcher);
    const [disclosure] = await new DisclosureLog(dataSource, new AuditLog(dataSource)).forOrganization(UNIVERSITY, { limit: 1 });
    expect(disclosure).toMatchObject({ id: release.disclosureId, purpose: { code: 'research' }, studentCount: students.length });
    await expect(requests.releasePackage(requestId, { ...researcher, organizationId: 'elsewhere' })).rejects.toMatchObject({ code: LanternErrorCode.RecordNotFound });
    await agreements.suspend(agreementId, 'audit finding', steward.clientId);
    await expect(requests.releasePackage(requestId, researcher)).rejects.toMatchObject({ code: LanternErrorCode.Forbidden, detail: expect.stringContaining('suspended') });
    await agreements.reinstate(agreementId, 'resolved', steward.clientId);
  });
});
