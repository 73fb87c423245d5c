import { HubCertificateAuthority } from '@lantern/access';
import { AgreementRegistry } from '@lantern/agreements';
import { AuditLog } from '@lantern/audit';
import { LanternErrorCode } from '@lantern/errors';
import { type AgreementTerms, type OutputRules, type Principal, PURPOSES, Role } from '@lantern/governance';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type LinkedPopulation, type MigratedTestDatabase, seedLinkedPopulation } from '@lantern/test-environment';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ExtractBuilder } from './extract-builder';
import { ExtractBuildWorker } from './extract-build-worker';
import { ExtractRequests } from './extract-requests';
import { parseExtractSpecification } from './extract-specification';
import { ResearchProjects } from './research-projects';
import { approvedAgreement, statewideResearchTerms, steward, UNIVERSITY } from './testing/research-agreements';
import { researchServices } from './testing/research-services';

// Disclosure control of built packages, read as a researcher reads them (issue 12, item 6).
const logger = createJsonLogger('extract-disclosure-test', 'error');
const FLOOR = 11;
const researcher: Principal = { clientId: 'univ-disclosure', role: Role.Researcher, organizationId: UNIVERSITY, authenticatedBy: 'client-secret' };

const SCHOOL = 'edfi.studentSchoolAssociation.schoolReference';
const GRADE = 'edfi.studentSchoolAssociation.entryGradeLevelDescriptor';
const SEX = 'edfi.student.birthSexDescriptor';
const BIRTH = 'edfi.student.birthDate';
const RACES = 'edfi.studentEducationOrganizationAssociation.races';
const SCORES = 'edfi.studentAssessment.scoreResults';
const ADMINISTERED = 'edfi.studentAssessment.administrationDate';

const terms = (outputRules: OutputRules, administered: 'year-month' | 'as-recorded' = 'year-month'): AgreementTerms =>
  statewideResearchTerms({
    title: 'Disclosure control',
    purpose: { code: PURPOSES.research, description: 'How much a package tells about one child' },
    elements: [
      { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
      { domain: 'edfi.student', element: 'birthSexDescriptor', granularity: 'as-recorded' },
      { domain: 'edfi.studentEducationOrganizationAssociation', element: 'races', granularity: 'as-recorded' },
      { domain: 'edfi.studentSchoolAssociation', element: 'schoolReference', granularity: 'as-recorded' },
      { domain: 'edfi.studentSchoolAssociation', element: 'entryGradeLevelDescriptor', granularity: 'as-recorded' },
      { domain: 'edfi.studentAssessment', element: 'scoreResults', granularity: 'as-recorded' },
      { domain: 'edfi.studentAssessment', element: 'administrationDate', granularity: administered },
    ],
    outputRules,
  });

type Csv = string[][];

describe('disclosure control of research extracts against real PostgreSQL', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let population: LinkedPopulation;
  let agreements: AgreementRegistry;
  let projects: ResearchProjects;
  let requests: ExtractRequests;
  let packages: string;
  const hub = HubCertificateAuthority.ephemeral();
  let worker: ExtractBuildWorker;

  async function project(agreementId: string): Promise<string> {
    const submitted = await projects.submit(
      { title: 'Disclosure', questions: ['?'], institution: 'State University', teamMembers: [{ name: 'A', role: 'PI' }], irbReference: 'IRB-6', agreementId },
      researcher,
    );
    return submitted.id;
  }

  /** A request under the project, approved and built: the package's directory. */
  async function built(projectId: string, request: { elements: string[]; tables: Array<{ rows: string; columns: string }> }): Promise<string> {
    const specification = parseExtractSpecification({ cohort: { districts: population.districts.slice(0, 2) }, timeSpan: { from: '2025-07-01', to: '2026-06-30' }, ...request });
    const submitted = await requests.submit(projectId, specification, researcher);
    await requests.approve(submitted.id, undefined, steward);
    while (await worker.buildNext());
    expect(await requests.get(submitted.id, researcher)).toMatchObject({ status: 'ready', failure: null });
    return path.join(packages, `extract-request-${submitted.id}`);
  }

  async function csv(directory: string, file: string): Promise<Csv> {
    const text = await readFile(path.join(directory, file), 'utf8');
    return text
      .split('\r\n')
      .filter(Boolean)
      .map((line) => (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '').replaceAll('""', '"')).slice(0, -1));
  }

  const report = async (directory: string) => JSON.parse(await readFile(path.join(directory, 'disclosure-report.json'), 'utf8'));

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    population = await seedLinkedPopulation(dataSource, 400);
    // In the synthetic population each school's students are of one sex; two girls at boys' schools
    // are alone in their group, and k-anonymity withholds them rather than coarsen everyone.
    await dataSource.query(
      `UPDATE record_version SET record = jsonb_set(record, '{birthSexDescriptor}', '"uri://ed-fi.org/SexDescriptor#Female"') WHERE contract_id = 'edfi.student' AND record ->> 'studentUniqueId' = ANY($1::text[])`,
      [['SYN-1', 'SYN-3']],
    );
    const services = researchServices(dataSource, logger);
    ({ agreements, projects, requests } = services);
    const { auditLog } = services;
    packages = await mkdtemp(path.join(tmpdir(), 'lantern-extract-disclosure-'));
    worker = new ExtractBuildWorker(dataSource, new ExtractBuilder(dataSource, hub.issueExtractSigningKey(), { disclosureFloor: FLOOR }), projects, auditLog, logger, {
      packagesDirectory: packages,
    });
  });

  afterAll(async () => {
    await database?.drop();
    if (packages) await rm(packages, { recursive: true, force: true });
  });

  it('counts a record-level extract’s tables from the released people only: each cell is the number of persons.csv rows with its labels', async () => {
    // One-cell rows released, so that the cells themselves can be compared.
    const agreementId = await approvedAgreement(agreements, terms({ dataLevel: 'record', minimumCellSize: FLOOR, k: FLOOR, singleCellLines: 'release' }));
    const directory = await built(await project(agreementId), { elements: [SEX, SCHOOL], tables: [{ rows: SCHOOL, columns: SEX }] });
    expect((await report(directory)).microdata.suppressedRecords).toBe(2);

    const [header, ...people] = await csv(directory, 'persons.csv');
    const [schoolColumn, sexColumn] = [header.indexOf(SCHOOL), header.indexOf(SEX)];
    const [tableHeader, ...tableRows] = await csv(directory, `table-${SCHOOL}-by-${SEX}.csv`);
    const columnLabels = tableHeader.slice(1);
    // Every count but the withheld ones ('*'), totals included: 'total' matches any label.
    const matches = (label: string, value: string) => label === 'total' || label === value;
    let compared = 0;
    for (const [rowLabel, ...cells] of tableRows) {
      for (const [index, cell] of cells.entries()) {
        if (cell === '*') continue;
        const released = people.filter((person) => matches(rowLabel, person[schoolColumn]) && matches(columnLabels[index], person[sexColumn])).length;
        expect({ rowLabel, column: columnLabels[index], count: Number(cell) }).toEqual({ rowLabel, column: columnLabels[index], count: released });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(20);
    expect(tableRows.at(-1)).toEqual(['total', expect.any(String), expect.any(String), String(people.length)]);
  });

  it('withholds whole, and names in the disclosure report, every table row whose count sits in one column, unless the agreement releases them', async () => {
    // Every school's row but two is one non-zero cell beside a zero.
    const table = { elements: [SEX, SCHOOL], tables: [{ rows: SCHOOL, columns: SEX }] };
    const suppressing = await built(await project(await approvedAgreement(agreements, terms({ dataLevel: 'aggregate', minimumCellSize: FLOOR, k: FLOOR }))), table);
    const [, ...rows] = await csv(suppressing, `table-${SCHOOL}-by-${SEX}.csv`);
    const schoolRows = rows.filter(([label]) => label !== 'total');
    expect(schoolRows.length).toBeGreaterThan(1);
    for (const [label, ...cells] of schoolRows) {
      const counts = cells.slice(0, -1);
      // Zeros beside one other cell would tell the sex of everyone at the school.
      expect({ label, zeros: counts.filter((cell) => cell === '0').length }).toEqual({ label, zeros: 0 });
    }
    const disclosure = await report(suppressing);
    expect(disclosure.rules.map(({ rule }: { rule: string }) => rule)).toContain('single-cell-lines');
    const { withheldLines } = disclosure.tables[0];
    expect(withheldLines).toHaveLength(schoolRows.length - 2);
    const wholeRowsWithheld = schoolRows.filter(([, ...cells]) => cells.slice(0, -1).every((cell) => cell === '*')).map(([label]) => `row "${label}"`);
    expect(wholeRowsWithheld).toEqual(expect.arrayContaining(withheldLines));
    expect(await readFile(path.join(suppressing, 'disclosure-report.md'), 'utf8')).toContain(withheldLines.join(', '));

    const releasing = await built(await project(await approvedAgreement(agreements, terms({ dataLevel: 'aggregate', minimumCellSize: FLOOR, k: FLOOR, singleCellLines: 'release' }))), table);
    const [, ...released] = await csv(releasing, `table-${SCHOOL}-by-${SEX}.csv`);
    expect(released.filter(([label, ...cells]) => label !== 'total' && cells.includes('0'))).toHaveLength(schoolRows.length - 2);
    expect((await report(releasing)).tables[0].withheldLines).toEqual([]);
  });

  it("refuses a research agreement whose k or minimum cell size is below the state's floor, naming the floor", async () => {
    await expect(agreements.draft(terms({ dataLevel: 'record', minimumCellSize: 1, k: 1 }), steward.clientId)).rejects.toMatchObject({
      code: LanternErrorCode.InvalidRequest,
      detail: expect.stringContaining("outputRules.k 1 is below the state's disclosure floor of 11"),
    });
    await expect(agreements.draft(terms({ dataLevel: 'record', minimumCellSize: 5, k: 11 }), steward.clientId)).rejects.toMatchObject({
      detail: expect.stringContaining("outputRules.minimumCellSize 5 is below the state's disclosure floor of 11"),
    });
  });

  it("builds at the state's floor whatever k and minimum cell size an agreement from before the floor says", async () => {
    // Drafted and approved where no floor applied, as agreements approved before the setting were.
    const unfloored = new AgreementRegistry(dataSource, new AuditLog(dataSource), undefined, 1);
    const lax = terms({ dataLevel: 'record', minimumCellSize: 1, k: 1 });
    const directory = await built(await project(await approvedAgreement(unfloored, lax)), { elements: [BIRTH, SEX, RACES, SCHOOL, GRADE], tables: [{ rows: GRADE, columns: RACES }] });

    const [, ...people] = await csv(directory, 'persons.csv');
    const classes = new Map<string, number>();
    for (const person of people) classes.set(JSON.stringify(person.slice(1)), (classes.get(JSON.stringify(person.slice(1))) ?? 0) + 1);
    expect(Math.min(...classes.values())).toBeGreaterThanOrEqual(FLOOR);
    const [, ...tableRows] = await csv(directory, `table-${GRADE}-by-${RACES}.csv`);
    for (const cell of tableRows.flatMap((row) => row.slice(1))) if (cell !== '*') expect(Number(cell) === 0 || Number(cell) >= FLOOR).toBe(true);
    expect((await report(directory)).microdata.k).toBe(FLOOR);
  });

  it('shares no combination of quasi-identifiers across the files, linked by pseudonym, among fewer than k people: dates are released as school years', async () => {
    const k = FLOOR;
    // Two children moved school in January: their two enrolments would single them out.
    await dataSource.query(
      `INSERT INTO record_version (contract_id, contract_version, source_system, natural_key, operation, event_time, record, topic, partition, kafka_offset, arrived_at, person_local_id)
       SELECT 'edfi.studentSchoolAssociation', '1.0.0', 'synthetic-sis', format('["%s",%s,"2026-01-12"]', id, $2::int), 'upsert', timestamptz '2026-01-12T00:00:00Z',
              jsonb_build_object('studentReference', jsonb_build_object('studentUniqueId', id), 'schoolReference', jsonb_build_object('schoolId', $2::int),
                                 'entryDate', '2026-01-12', 'entryGradeLevelDescriptor', 'uri://ed-fi.org/GradeLevelDescriptor#Fifth grade'),
              'extract-disclosure-test', 0, n, now(), id
         FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)`,
      [['SYN-5', 'SYN-7'], population.schools[9]],
    );
    // The agreement allows the administration date as recorded: as days, with the person file, they would single children out.
    const agreementId = await approvedAgreement(agreements, terms({ dataLevel: 'record', minimumCellSize: FLOOR, k }, 'as-recorded'));
    const directory = await built(await project(agreementId), { elements: [BIRTH, SEX, SCHOOL, GRADE, SCORES, ADMINISTERED], tables: [] });

    const [, ...people] = await csv(directory, 'persons.csv');
    const combination = new Map(people.map(([pseudonym, ...values]) => [pseudonym, [values]]));
    for (const file of ['edfi.studentSchoolAssociation.csv', 'edfi.studentAssessment.csv']) {
      const [header, ...rows] = await csv(directory, file);
      // Everything but the pseudonym and the measures: the school year, dates, school and grade.
      const identifying = header.flatMap((column, index) => (['schoolYear', 'administrationDate', 'schoolReference', 'entryGradeLevelDescriptor'].includes(column) ? [index] : []));
      const footprints = new Map<string, Set<string>>();
      for (const row of rows) {
        const footprint = footprints.get(row[0]) ?? footprints.set(row[0], new Set()).get(row[0])!;
        footprint.add(JSON.stringify(identifying.map((index) => row[index])));
      }
      for (const [pseudonym, values] of combination) values.push([...(footprints.get(pseudonym) ?? [])].sort());
    }
    const classes = new Map<string, number>();
    for (const values of combination.values()) classes.set(JSON.stringify(values), (classes.get(JSON.stringify(values)) ?? 0) + 1);
    expect(people.length).toBeGreaterThan(0);
    expect(Math.min(...classes.values())).toBeGreaterThanOrEqual(k);
    const [, firstScore] = await csv(directory, 'edfi.studentAssessment.csv');
    expect(firstScore).not.toContainEqual(expect.stringMatching(/^\d{4}-\d{2}/));
  });

  it('gives the same person different pseudonyms in two extracts of one project', async () => {
    const projectId = await project(await approvedAgreement(agreements, terms({ dataLevel: 'record', minimumCellSize: FLOOR, k: FLOOR })));
    const request = { elements: [SEX, SCORES], tables: [] };
    const [first, second] = [await built(projectId, request), await built(projectId, request)];
    const pseudonyms = async (directory: string) => new Set((await csv(directory, 'edfi.studentAssessment.csv')).slice(1).map((row) => row[0]));
    const [a, b] = [await pseudonyms(first), await pseudonyms(second)];
    // The same cohort and elements: the same people, under other pseudonyms.
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBe(a.size);
    expect([...a].filter((pseudonym) => b.has(pseudonym))).toEqual([]);
  });
});
