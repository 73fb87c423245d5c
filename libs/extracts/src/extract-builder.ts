import { ContractRegistry, SCHOOL_YEAR_FIRST_MONTH } from '@lantern/contracts';
import {
  buildDisclosureReport,
  defineHierarchy,
  type ElementCatalogue,
  extractPseudonymSecret,
  fixedHierarchy,
  type GeneralisationHierarchy,
  type KAnonymityPlan,
  linkedExtractsPseudonymSecret,
  linkedHistoriesToWithhold,
  type MicrodataRecord,
  type MicrodataValue,
  planKAnonymity,
  ProjectPseudonymiser,
  protectTable,
  QuasiIdentifierCounts,
  RecordDeidentifier,
  renderDisclosureReport,
  suppressOnlyHierarchy,
  SUPPRESSED,
  type TableReport,
} from '@lantern/disclosure-control';
import { DEFAULT_DISCLOSURE_FLOOR, type ElementRef, generalise, type Granularity, linkAcrossExtractsOf, type OutputRules, singleCellLinesOf } from '@lantern/governance';
import { currentPersonRecordsSql, ownPersonsOfSql, RecordsReadModel } from '@lantern/records';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { copyRows } from './copy-rows';
import { cellValue, classifyElement, elementSql, type ExtractElement, hierarchyOf, PERIOD_DATE } from './extract-elements';
import type { ExtractSpecification, TableRequest } from './extract-specification';
import { CsvFile, type CsvCell, csvField, type PackageFile, type RenderedCells, renderCells } from './package/csv-file';

export const PACKAGE_FORMAT = 'lantern.extract-package/1';
export const MANIFEST = 'manifest.json';
export const MANIFEST_SIGNATURE = 'manifest.json.p7s';
const ENROLMENT = 'edfi.studentSchoolAssociation';
const FETCH_ROWS = 20_000;
const REPORT_EVERY_ROWS = 100_000;
/** How many distinct values (and combinations of cells) a build remembers the answers for; enough for every school, grade, birth year and history in a state. */
const REMEMBERED_VALUES = 100_000;
/** A linked build's releases are recorded this many people to a statement. */
const RELEASES_PER_INSERT = 10_000;
/** The k check's name for a person's earlier linked releases (linked extracts only): kept apart, never generalised, never released. */
const EARLIER_RELEASES = 'earlier linked releases';

/** Everything a build needs, fixed when the steward approved the request. */
export interface BuildJob {
  requestId: string;
  projectId: string;
  agreement: { id: string; version: number };
  specification: ExtractSpecification;
  approvedElements: ReadonlyArray<ElementRef & { granularity: Granularity }>;
  outputRules: OutputRules;
  pseudonymSecret: Buffer;
  /** Which attempt at the request this build is (the worker's lease token); a linked build records its releases under it. 1 when absent. */
  attempt?: number;
}

export interface BuildProgressUpdate {
  phase: string;
  cohort?: number;
  rowsWritten: number;
}

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  requestId: string;
  projectId: string;
  agreement: { id: string; version: number };
  builtAt: string;
  cohort: number;
  releasedPeople: number;
  files: PackageFile[];
}

export interface BuiltPackage {
  manifestSha256: string;
  manifest: PackageManifest;
}

/**
 * Beside the package, never in it: the SIDs of the people whose records it holds, one per line
 * after a header, for the record of disclosures at each download.
 */
export function releasedStudentsFile(packageDirectory: string): string {
  return `${packageDirectory}.students.csv`;
}

/** The SIDs in releasedStudentsFile. */
export async function readReleasedStudents(packageDirectory: string): Promise<string[]> {
  const lines = (await readFile(releasedStudentsFile(packageDirectory), 'utf8')).split('\r\n').filter(Boolean);
  return lines.slice(1);
}

/** Signs what the hub hands out (ExtractSigningKey.signDetached: never the CA key). */
export interface PackageSigner {
  signDetached(content: Buffer): string;
}

export interface ExtractBuilderOptions {
  /** The state's disclosure floor (LANTERN_DISCLOSURE_FLOOR): no build uses a k or minimum cell size below it, whatever its agreement says. */
  disclosureFloor?: number;
}

type Element = ExtractElement & { granularity: Granularity };

/**
 * One domain file and what in it could single a person out: the school year of each row, its
 * dates (released as school years) and its quasi-identifiers (school, grade). Per person, the set
 * of those values over the person's rows is the file's footprint, a quasi-identifier of the k check.
 */
interface DomainFile {
  domain: string;
  elements: Element[];
  dates: Element[];
  quasiIdentifiers: Element[];
  footprintKey: string;
  rows: EventRows;
}

/**
 * One event domain's records that the build reads, gathered once into a table of their own:
 * those of cohort members in the time span, one row per record with its SID, period, event time
 * and each element (column `e0`, `e1`… in `elements` order; dates as their school year). The
 * domain file, its footprints and the person file's school and grade are all read from it.
 */
interface EventRows {
  domain: string;
  table: string;
  elements: Element[];
}

/** A table and its counts by row label, then column label. */
type TableCounts = TableRequest & { counts: Map<string, Map<string, number>> };

/**
 * Builds one extract package into an empty directory, from one consistent snapshot of the hub
 * (a REPEATABLE READ transaction), streaming: people and records pass through in batches and
 * only counts of quasi-identifier combinations stay in memory. The cohort is found, its people's
 * quasi-identifiers are counted, a k-anonymity plan is chosen, and then the person file and one
 * file per domain are written with pseudonyms, generalised and without the withheld people.
 */
export class ExtractBuilder {
  private readonly registry = ContractRegistry.default();

  constructor(
    private readonly dataSource: DataSource,
    private readonly signer: PackageSigner,
    private readonly options: ExtractBuilderOptions = {},
  ) {}

  async build(job: BuildJob, directory: string, report: (update: BuildProgressUpdate) => Promise<void>): Promise<BuiltPackage> {
    await mkdir(directory, { recursive: true });
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      // Sorts and hashes over the whole cohort stay in memory rather than spilling to disk; the
      // queries are few and long, and compiling them (JIT) cost more than it saved.
      await manager.query(`SET LOCAL work_mem = '256MB'`);
      await manager.query(`SET LOCAL jit = off`);
      const students = await CsvFile.open(path.dirname(directory), path.basename(releasedStudentsFile(directory)), ['sid']);
      const run = new BuildRun(manager, job, directory, report, this.registry, students, this.options.disclosureFloor ?? DEFAULT_DISCLOSURE_FLOOR);
      const files = await run.writeFiles();
      const { rows: releasedPeople } = await students.close();
      const manifest: PackageManifest = {
        format: PACKAGE_FORMAT,
        requestId: job.requestId,
        projectId: job.projectId,
        agreement: job.agreement,
        builtAt: new Date().toISOString(),
        cohort: run.cohortSize,
        releasedPeople,
        files,
      };
      const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
      await writeFile(path.join(directory, MANIFEST), manifestBytes);
      await writeFile(path.join(directory, MANIFEST_SIGNATURE), this.signer.signDetached(manifestBytes));
      return { manifestSha256: createHash('sha256').update(manifestBytes).digest('hex'), manifest };
    });
  }
}

/** One build's state: the snapshot's transaction, the plan and who was withheld. */
class BuildRun {
  cohortSize = 0;
  private readonly elements: Element[];
  private readonly quasiIdentifiers: Element[];
  private readonly eventRows: EventRows[];
  private readonly domainFiles: DomainFile[];
  /** What the files release of a person that could single them out: the person file's quasi-identifiers and each domain file's footprint. */
  private readonly releasedKeys: string[];
  /** What k-anonymity checks: releasedKeys and, in a linked build, the person's earlier linked releases. */
  private readonly kCheckKeys: string[];
  /** extract_person's columns that hold them, in the same order: each quasi-identifier's, then each footprint's, then the earlier releases'. */
  private readonly personColumns: string[];
  /**
   * The agreement links the project's extracts and this one has microdata: pseudonyms under the
   * project's linked secret, and the union of the linked extracts kept k-anonymous (ADR 0026).
   */
  private readonly linked: boolean;
  /** Linked builds: the earlier linked releases (request and attempt) of the project, and the histories whose people the union check withholds. */
  private earlierReleases = 0;
  private withheldHistories = new Set<string>();
  private linkedWithheld = 0;
  /** The agreement's k and minimum cell size, raised to the state's floor (defence in depth: agreements below it are refused). */
  private readonly k: number;
  private readonly minimumCellSize: number;
  private readonly pseudonyms: ProjectPseudonymiser;
  private readonly deidentifier: RecordDeidentifier;
  private districtOfSchool: Record<string, string> = {};
  /** Per domain file, the footprint cell of each footprint text met (personOf). */
  private readonly footprints: Array<RememberedValues<CsvCell>>;
  private rowsWritten = 0;
  private lastReported = 0;

  constructor(
    private readonly manager: EntityManager,
    private readonly job: BuildJob,
    private readonly directory: string,
    private readonly report: (update: BuildProgressUpdate) => Promise<void>,
    private readonly registry: ContractRegistry,
    private readonly releasedStudents: CsvFile,
    disclosureFloor: number,
  ) {
    this.elements = job.approvedElements.map((element) => ({ ...classifyElement(element), granularity: element.granularity }));
    this.quasiIdentifiers = this.elements.filter((element) => element.inPersonFile);
    // Domain files are microdata: an aggregate-only extract writes none, and reads only the school and grade the person file takes.
    const recordLevel = job.outputRules.dataLevel === 'record';
    const eventElements = this.elements.filter((element) => element.inDomainFile && (recordLevel || element.inPersonFile));
    this.eventRows = [...groupByDomain(eventElements)].map(([domain, elements], index) => ({ domain, elements, table: `extract_rows_${index}` }));
    this.domainFiles = recordLevel
      ? this.eventRows.map((rows) => ({
          domain: rows.domain,
          elements: rows.elements,
          dates: rows.elements.filter((element) => this.isDate(element)),
          quasiIdentifiers: rows.elements.filter((element) => element.quasiIdentifier),
          footprintKey: `${rows.domain}.csv footprint`,
          rows,
        }))
      : [];
    this.linked = recordLevel && linkAcrossExtractsOf(job.outputRules);
    this.releasedKeys = [...this.quasiIdentifiers.map((element) => element.key), ...this.domainFiles.map((file) => file.footprintKey)];
    this.kCheckKeys = [...this.releasedKeys, ...(this.linked ? [EARLIER_RELEASES] : [])];
    this.personColumns = [...this.quasiIdentifiers.map((element) => this.quasiIdentifierColumn(element)), ...this.domainFiles.map((_, index) => `f${index}`), ...(this.linked ? ['h'] : [])];
    this.k = Math.max(disclosureFloor, job.outputRules.k);
    this.minimumCellSize = Math.max(disclosureFloor, job.outputRules.minimumCellSize);
    // Per extract, so two extracts of one project cannot be joined on their pseudonyms; or, when the
    // agreement links them, one per project, with the union checked.
    this.pseudonyms = new ProjectPseudonymiser(this.linked ? linkedExtractsPseudonymSecret(job.pseudonymSecret) : extractPseudonymSecret(job.pseudonymSecret, job.requestId));
    // It sees no SID: each person's pseudonym is made from the MAC computed with the cohort.
    this.deidentifier = new RecordDeidentifier(this.catalogue(), this.pseudonyms);
    this.footprints = this.footprintMakers();
  }

  async writeFiles(): Promise<PackageFile[]> {
    this.districtOfSchool = await this.schoolDistricts();
    await this.selectCohort();
    await this.progress('cohort selected');
    await this.gatherEventRows();
    await this.progress('records gathered');
    const recordLevel = this.job.outputRules.dataLevel === 'record';
    const tables: TableCounts[] = this.job.specification.tables.map((table) => ({ ...table, counts: new Map() }));
    // Aggregate-only: the tables count the cohort (there is no microdata to subtract them from).
    // Record-level: they count the released people only, in pass 2, so a table minus the person
    // file's cross-tabulation cannot locate who k-anonymity withheld.
    if (this.linked) await this.gatherEarlierReleases();
    const { counts, groups } = await this.gatherPeople(recordLevel ? [] : tables);
    await this.progress('quasi-identifiers gathered and counted');
    const plan = this.kCheckKeys.length > 0 ? planKAnonymity(counts, this.hierarchies(), { k: this.k }) : undefined;
    if (this.linked && plan) this.withheldHistories = await this.historiesToWithhold(plan, groups);
    await this.progress('k-anonymity planned');
    const files: PackageFile[] = [];
    if (recordLevel) {
      files.push(await this.writePeople(plan, tables));
      await this.progress('persons.csv written');
      for (const domainFile of this.domainFiles) {
        files.push(await this.writeDomain(domainFile, plan));
        await this.progress(`${domainFile.domain}.csv written`);
      }
    } else {
      await this.stream(`SELECT sid FROM extract_cohort`, [], (row) => this.releasedStudents.write([row.sid as string]));
    }
    const tableReports: TableReport[] = [];
    for (const table of tables) {
      const { file, report } = await this.writeTable(table);
      files.push(file);
      tableReports.push(report);
    }
    files.push(await this.writeDictionary(recordLevel));
    const disclosureReport = buildDisclosureReport({
      ...(recordLevel && plan ? { elements: this.deidentifier.elementActions(plan.report), microdata: plan.report } : {}),
      ...(this.linked ? { linked: { earlierExtracts: this.earlierReleases, withheldRecords: this.linkedWithheld } } : {}),
      tables: tableReports,
    });
    files.push(await this.writeText('disclosure-report.json', `${JSON.stringify(disclosureReport, null, 2)}\n`));
    files.push(await this.writeText('disclosure-report.md', renderDisclosureReport(disclosureReport)));
    // Another linked build of the project that overlaps this one updates the same row: the later to
    // update fails with a serialization failure (its snapshot missed this one's releases) and is built again.
    if (this.linked) await this.manager.query(`UPDATE research_project SET linked_releases = linked_releases + 1 WHERE id = $1`, [this.job.projectId]);
    await this.progress('package written');
    return files;
  }

  /** The person table's column for a quasi-identifier: named by its position, never by text from a request. */
  private quasiIdentifierColumn(element: Element): string {
    return `q${this.quasiIdentifiers.indexOf(element)}`;
  }

  private catalogue(): ElementCatalogue {
    const entries = this.releasedKeys.map((key) => [key, { role: 'quasi-identifier' as const }]);
    return { sid: { role: 'direct-identifier', pseudonymAs: 'pseudonym' }, ...Object.fromEntries(entries) };
  }

  private hierarchies(): Record<string, GeneralisationHierarchy> {
    const quasiIdentifiers = Object.fromEntries(this.quasiIdentifiers.map((element) => [element.key, hierarchyOf(element.key, this.districtOfSchool)]));
    const footprints = this.domainFiles.map((file) => [file.footprintKey, this.footprintHierarchy(file)]);
    return { ...quasiIdentifiers, ...Object.fromEntries(footprints), ...(this.linked ? { [EARLIER_RELEASES]: fixedHierarchy(EARLIER_RELEASES) } : {}) };
  }

  /**
   * A footprint as recorded; then (when the file has school or grade) with them at their first
   * coarser level (district, grade band), which is how the file shows them at that level; then
   * suppressed, when the file's years, dates, schools and grades are all withheld.
   */
  private footprintHierarchy(file: DomainFile): GeneralisationHierarchy {
    if (file.quasiIdentifiers.length === 0) return suppressOnlyHierarchy(file.footprintKey);
    const first = 1 + file.dates.length;
    const hierarchies = file.quasiIdentifiers.map((element) => hierarchyOf(element.key, this.districtOfSchool));
    return defineHierarchy(file.footprintKey, [
      {
        name: 'school and grade generalised',
        coarsen: (footprint) =>
          footprintValue(
            (JSON.parse(String(footprint)) as MicrodataValue[][]).map((tuple) => tuple.map((value, index) => (index < first ? value : hierarchies[index - first].generalise(value, 1)))),
          ),
      },
    ]);
  }

  /** A date element (JSON Schema format date or date-time): released only as its school year. */
  private isDate(element: Element): boolean {
    const format = this.registry.schemas.schemaAt(this.registry.contract(element.ref.domain).schemaId, `/${element.ref.element}`)?.node['format'];
    return format === 'date' || format === 'date-time';
  }

  private async schoolDistricts(): Promise<Record<string, string>> {
    const districts = await new RecordsReadModel(this.manager).schoolDistricts();
    // A school without a district generalises to a group of its own, never to a guess.
    return Object.fromEntries([...districts].map(([school, district]) => [school, district ?? `school ${school} (no district)`]));
  }

  /** Students with a current enrolment in the cohort's schools and grades overlapping the time span, narrowed by institution and program. */
  private async selectCohort(): Promise<void> {
    const { cohort, timeSpan } = this.job.specification;
    const districts = new Set((cohort.districts ?? []).map(String));
    const schools = [...new Set([...(cohort.schools ?? []).map(String), ...Object.keys(this.districtOfSchool).filter((school) => districts.has(this.districtOfSchool[school]))])];
    // Each member's pseudonym MAC is computed here, once, by PostgreSQL: the person file and every
    // domain file read it instead of hashing the same SIDs again in Node (ProjectPseudonymiser.hmacPads).
    const pads = this.pseudonyms.hmacPads();
    await this.manager.query(`CREATE TEMP TABLE extract_cohort (sid text PRIMARY KEY, mac bytea NOT NULL) ON COMMIT DROP`);
    await this.manager.query(
      `INSERT INTO extract_cohort (sid, mac)
       SELECT member.sid, sha256($7::bytea || sha256($6::bytea || convert_to(member.sid, 'UTF8'))) FROM (
       SELECT DISTINCT r.sid FROM (${personRecords(ENROLMENT, false)}) r
        WHERE r.record #>> '{schoolReference,schoolId}' = ANY($1::text[])
          AND ($2::text[] IS NULL OR r.record ->> 'entryGradeLevelDescriptor' = ANY($2::text[]))
          AND (r.record ->> 'entryDate')::date <= $4::date
          AND coalesce((r.record ->> 'exitWithdrawDate')::date, $4::date) >= $3::date
          AND ($5::int[] IS NULL OR ${schoolYearSql("(r.record ->> 'entryDate')::date")} = ANY($5::int[]))) member`,
      [schools, cohort.grades ?? null, timeSpan.from, timeSpan.to, cohort.schoolYears ?? null, pads.inner, pads.outer],
    );
    const narrowers: Array<[string[] | undefined, string, string]> = [
      [cohort.institutions, 'postsecondary.termEnrollment', '{institutionReference,ipedsUnitId}'],
      [cohort.programs, 'edfi.studentProgramAssociation', '{programReference,programName}'],
    ];
    for (const [values, contract, pointer] of narrowers) {
      if (!values) continue;
      await this.manager.query(
        `DELETE FROM extract_cohort c WHERE NOT EXISTS (
           SELECT 1 FROM (${personRecords(contract, true)}) r WHERE r.sid = c.sid AND r.record #>> '${pointer}' = ANY($1::text[])
             AND r.period BETWEEN $2::date AND $3::date)`,
        [values, timeSpan.from, timeSpan.to],
      );
    }
    await this.manager.query(`ANALYZE extract_cohort`);
    const [{ count }]: Array<{ count: number }> = await this.manager.query(`SELECT count(*)::int AS count FROM extract_cohort`);
    this.cohortSize = count;
    // The members' own crosswalk rows, once: every read of their records joins this one table.
    await this.manager.query(`CREATE TEMP TABLE extract_member ON COMMIT DROP AS ${ownPersonsOfSql('extract_cohort')}`);
    await this.manager.query(`ANALYZE extract_member`);
  }

  /** Each event domain's records of cohort members in the time span, into its table (EventRows): one scan of the records per domain. */
  private async gatherEventRows(): Promise<void> {
    const { from, to } = this.job.specification.timeSpan;
    for (const { domain, table, elements } of this.eventRows) {
      const values = elements.map((element, index) => {
        const sql = elementSql(element.key, element.ref.element, 'v.record');
        return `${this.isDate(element) ? dateSchoolYearSql(sql) : sql} AS e${index}`;
      });
      await this.manager.query(
        `CREATE TEMP TABLE ${table} ON COMMIT DROP AS SELECT r.sid, r.period, r.event_time, ${elements.map((_, index) => `r.e${index}`).join(', ')}
           FROM (${memberRecords(domain, values)}) r WHERE r.period BETWEEN $1::date AND $2::date`,
        [from, to],
      );
      await this.manager.query(`ANALYZE ${table}`);
    }
  }

  /**
   * Pass 1 over the people, gathered into extract_person: quasi-identifier combinations for
   * k-anonymity, and the counts of the tables given. A person's row has the latest value of each
   * quasi-identifier: demographics from the latest person record, school and grade from the latest
   * enrolment in the time span; and each domain file's footprint, the distinct [school year, dates'
   * school years, school, grade] of the person's rows in it, as JSON text. Values are as recorded:
   * cellsOf makes cells of them.
   */
  private async gatherPeople(tables: readonly TableCounts[]): Promise<{ counts: QuasiIdentifierCounts; groups: Iterable<{ person: MicrodataRecord; people: number }> }> {
    const fromRecords = [...groupByDomain(this.quasiIdentifiers.filter((element) => !element.inDomainFile))].map(([domain, elements], index) => {
      const columns = elements.map((element) => this.quasiIdentifierColumn(element));
      const values = elements.map((element, position) => `${elementSql(element.key, element.ref.element, 'v.record')} AS ${columns[position]}`);
      return {
        columns: columns.map((column) => `d${index}.${column}`),
        join: `LEFT JOIN (SELECT DISTINCT ON (r.sid) r.sid, ${columns.map((column) => `r.${column}`).join(', ')} FROM (${memberRecords(domain, values)}) r
                ORDER BY r.sid, r.period DESC, r.event_time DESC) d${index} ON d${index}.sid = c.sid`,
      };
    });
    const fromEventRows = [...groupByDomain(this.quasiIdentifiers.filter((element) => element.inDomainFile))].map(([domain, elements], index) => {
      const rows = this.eventRowsOf(domain);
      const values = elements.map((element) => `r.e${rows.elements.indexOf(element)} AS ${this.quasiIdentifierColumn(element)}`);
      return {
        columns: elements.map((element) => `l${index}.${this.quasiIdentifierColumn(element)}`),
        join: `LEFT JOIN (SELECT DISTINCT ON (r.sid) r.sid, ${values.join(', ')} FROM ${rows.table} r
                ORDER BY r.sid, r.period DESC, r.event_time DESC) l${index} ON l${index}.sid = c.sid`,
      };
    });
    const footprints = this.domainFiles.map(({ rows, dates, quasiIdentifiers }, index) => {
      const tuple = [schoolYearSql('r.period'), ...[...dates, ...quasiIdentifiers].map((element) => `r.e${rows.elements.indexOf(element)}`)];
      return {
        columns: [`f${index}.footprint AS f${index}`],
        // Distinct tuples as JSON text, compared bytewise (cheaper than jsonb); personOf puts them in order.
        join: `LEFT JOIN (SELECT r.sid, '[' || array_to_string(array_agg(DISTINCT json_build_array(${tuple.join(', ')})::text COLLATE "C"), ',') || ']' AS footprint
                 FROM ${rows.table} r GROUP BY r.sid) f${index} ON f${index}.sid = c.sid`,
      };
    });
    // The person file's columns in quasi-identifier order, whichever table each comes from.
    const byColumn = new Map([...fromRecords, ...fromEventRows].flatMap(({ columns }) => columns.map((column) => [column.split('.')[1], column])));
    // A linked build's last column: the person's earlier linked releases (gatherEarlierReleases), NULL for none.
    const history = this.linked ? [{ columns: ['e.history AS h'], join: 'LEFT JOIN extract_earlier e ON e.mac = c.mac' }] : [];
    const columns = [...this.quasiIdentifiers.map((element) => byColumn.get(this.quasiIdentifierColumn(element))!), ...[...footprints, ...history].flatMap((joined) => joined.columns)];
    const people = `SELECT c.sid, c.mac${columns.map((column) => `, ${column}`).join('')} FROM extract_cohort c ${[...fromRecords, ...fromEventRows, ...footprints, ...history].map(({ join }) => join).join(' ')}`;
    await this.manager.query(`CREATE TEMP TABLE extract_person ON COMMIT DROP AS ${people} WITH NO DATA`);
    // Pass 1 counts each person as PostgreSQL stores them, Node counting while PostgreSQL joins.
    const groups = new Map<string, { person: MicrodataRecord; people: number }>();
    await copyRows(await this.client(), `INSERT INTO extract_person ${people} RETURNING ${this.personColumns.map((column) => `${column}::text`).join(', ') || 'NULL'}`, async (fields) => {
      const cells = this.cellsOf(fields);
      const key = cellsKey(cells);
      const group = groups.get(key);
      if (group) group.people += 1;
      else groups.set(key, { person: this.personOf(cells), people: 1 });
    });
    const counts = new QuasiIdentifierCounts(this.kCheckKeys);
    for (const { person, people } of groups.values()) {
      counts.add(person, people);
      countInTables(tables, person, people);
    }
    return { counts, groups: groups.values() };
  }

  /**
   * A linked build: per person of the project's earlier linked releases, their history, the
   * SHA-256 of (request, attempt, released cells) of each release holding them, in release order.
   * Equal histories mean the same releases and the same cells in each: one group of the union.
   */
  private async gatherEarlierReleases(): Promise<void> {
    await this.manager.query(
      `CREATE TEMP TABLE extract_earlier ON COMMIT DROP AS
       SELECT mac, encode(sha256(string_agg(int8send(request_id) || int4send(attempt) || released_key, ''::bytea ORDER BY request_id, attempt)), 'hex') AS history
         FROM extract_linked_release WHERE project_id = $1 GROUP BY mac`,
      [this.job.projectId],
    );
    await this.manager.query(`CREATE UNIQUE INDEX ON extract_earlier (mac)`);
    await this.manager.query(`ANALYZE extract_earlier`);
    const [{ releases }]: Array<{ releases: number }> = await this.manager.query(
      `SELECT count(*)::int AS releases FROM (SELECT DISTINCT request_id, attempt FROM extract_linked_release WHERE project_id = $1) r`,
      [this.job.projectId],
    );
    this.earlierReleases = releases;
  }

  /**
   * The union check's decision, before pass 2: the histories whose people this build withholds
   * because those of them it does not release would be 1 to k − 1 (linkedHistoriesToWithhold),
   * from pass 1's groups and whom the plan releases of them.
   */
  private async historiesToWithhold(plan: KAnonymityPlan, groups: Iterable<{ person: MicrodataRecord; people: number }>): Promise<Set<string>> {
    const releasedNow = new Map<string, number>();
    for (const { person, people } of groups) {
      const history = person[EARLIER_RELEASES];
      if (typeof history === 'string' && plan.releases(person)) releasedNow.set(history, (releasedNow.get(history) ?? 0) + people);
    }
    const rows: Array<{ history: string; people: number }> = await this.manager.query(`SELECT history, count(*)::int AS people FROM extract_earlier GROUP BY history`);
    return linkedHistoriesToWithhold(new Map(rows.map(({ history, people }) => [history, people])), releasedNow, this.k);
  }

  private eventRowsOf(domain: string): EventRows {
    return this.eventRows.find((rows) => rows.domain === domain)!;
  }

  /**
   * Pass 2: the person file, each person generalised by the plan or withheld, and the tables of
   * the released. People whose cells are alike are deidentified and placed by the plan once (up
   * to a bound on the groups remembered): only their pseudonyms differ.
   */
  private async writePeople(plan: KAnonymityPlan | undefined, tables: readonly TableCounts[]): Promise<PackageFile> {
    const columns = this.quasiIdentifiers.map((element) => element.key);
    const file = await CsvFile.open(this.directory, 'persons.csv', ['pseudonym', ...columns]);
    const withheld: string[] = [];
    const releases = this.linked ? new LinkedReleases() : undefined;
    const groups = new Map<string, { deidentified: MicrodataRecord; released: MicrodataRecord | null; linkedWithheld: boolean; releasedKey?: Buffer; cells: RenderedCells; more: number }>();
    const selected = ['sid', 'mac', ...this.personColumns.map((column) => `${column}::text`)];
    await copyRows(await this.client(), `SELECT ${selected.join(', ')} FROM extract_person`, async (fields) => {
      const sid = fields[0]!.toString();
      const cells = this.cellsOf(fields, 2);
      const key = cellsKey(cells);
      let group = groups.get(key);
      if (group) group.more += 1;
      else {
        const person = this.personOf(cells);
        // The earlier releases are no element of any file: the deidentifier drops them, the plan needs them.
        const deidentified: MicrodataRecord = this.linked ? { ...this.deidentifier.deidentify(person), [EARLIER_RELEASES]: person[EARLIER_RELEASES] } : this.deidentifier.deidentify(person);
        const placed = plan ? plan.apply(deidentified) : deidentified;
        const linkedWithheld = placed !== null && this.withheldHistories.has(person[EARLIER_RELEASES] as string);
        const released = linkedWithheld ? null : placed;
        group = { deidentified, released, linkedWithheld, cells: renderCells(released ? columns.map((column) => released[column]) : []), more: 0 };
        if (released && this.linked)
          group.releasedKey = createHash('sha256')
            .update(cellsKey(this.releasedKeys.map((releasedKey) => released[releasedKey] ?? null)))
            .digest();
        if (groups.size < REMEMBERED_VALUES) groups.set(key, group);
        else if (released) countInTables(tables, released);
      }
      if (!group.released) {
        if (group.linkedWithheld) this.linkedWithheld += 1;
        withheld.push(sid);
        return;
      }
      releases?.add(fields[1]!, group.releasedKey!);
      await this.releasedStudents.write([sid]);
      await file.writeEndingWith(this.pseudonyms.fromMac(fields[1]!), group.cells);
      await this.rowWritten('persons');
    });
    for (const { deidentified, released, more } of groups.values()) {
      // The plan placed each group's first person; the rest of the group counts towards its check now.
      if (plan && more > 0) plan.apply(deidentified, more);
      if (released) countInTables(tables, released, 1 + more);
    }
    plan?.assertSecondPassMatched();
    // Recorded in this transaction, so they exist exactly when the build commits; after the COPY, which holds the connection.
    for (const { macs, keys } of releases?.batches() ?? []) {
      await this.manager.query(
        `INSERT INTO extract_linked_release (project_id, request_id, attempt, mac, released_key) SELECT $1, $2, $3, mac, released_key FROM unnest($4::bytea[], $5::bytea[]) AS r (mac, released_key)`,
        [this.job.projectId, this.job.requestId, this.job.attempt ?? 1, macs, keys],
      );
    }
    // Withheld people leave no trace in any other file either.
    await this.manager.query(`DELETE FROM extract_cohort WHERE sid = ANY($1::text[])`, [withheld]);
    return file.close();
  }

  /**
   * One domain's current records of released people in the time span, a row per record with its
   * pseudonym and school year (unsorted: rows stream as PostgreSQL finds them). Dates are released
   * as school years, school and grade at the coarser of the person file's level and the footprint's;
   * a suppressed footprint withholds all of them. Each column's distinct values are made into CSV
   * cells here, once; PostgreSQL joins them into the rows, and only the pseudonyms are made per row.
   */
  private async writeDomain(domainFile: DomainFile, plan: KAnonymityPlan | undefined): Promise<PackageFile> {
    const { domain, elements, dates, rows } = domainFile;
    const levels = new Map(plan?.report.levels.map((level) => [level.element, level.level]));
    const hierarchies = this.hierarchies();
    const footprintLevel = levels.get(domainFile.footprintKey) ?? 0;
    const footprintWithheld = footprintLevel === hierarchies[domainFile.footprintKey].levels.length - 1;
    const cellOf = (element: Element): ((value: unknown) => CsvCell) => {
      if (footprintWithheld && (dates.includes(element) || element.quasiIdentifier)) return () => SUPPRESSED;
      if (dates.includes(element)) return (value) => value as number | null;
      const cell = (value: unknown) => cellValue(element.key, generalise(value, element.granularity));
      if (!element.quasiIdentifier) return cell;
      const level = Math.max(levels.get(element.key) ?? 0, footprintLevel);
      return (value) => hierarchies[element.key].generalise(cell(value), level);
    };
    const columns = [
      { sql: schoolYearSql('r.period'), cell: footprintWithheld ? () => SUPPRESSED : (value: unknown) => value as number },
      ...elements.map((element, index) => ({ sql: `r.e${index}`, cell: cellOf(element) })),
    ];
    const cells = `${rows.table}_cells`;
    await this.manager.query(`CREATE TEMP TABLE ${cells} (position int NOT NULL, value text, cell text NOT NULL) ON COMMIT DROP`);
    let made = { positions: [] as number[], values: [] as Array<string | null>, cells: [] as string[] };
    const store = async () => {
      if (made.positions.length > 0) await this.manager.query(`INSERT INTO ${cells} SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`, [made.positions, made.values, made.cells]);
      made = { positions: [], values: [], cells: [] };
    };
    // Every column's distinct values in one scan: grouping set `position` is the column's own.
    const names = columns.map((_, position) => `c${position}`);
    await this.stream(
      `SELECT CASE ${names.map((name, position) => `WHEN GROUPING(${name}) = 0 THEN ${position}`).join(' ')} END AS position, ${names.join(', ')}
         FROM (SELECT ${columns.map(({ sql }, position) => `${sql} AS ${names[position]}`).join(', ')} FROM ${rows.table} r) v GROUP BY GROUPING SETS (${names.map((name) => `(${name})`).join(', ')})`,
      [],
      async (row) => {
        const position = row.position as number;
        const value = row[names[position]];
        made.positions.push(position);
        made.values.push(value === null ? null : String(value));
        made.cells.push(csvField(columns[position].cell(value)));
      },
      store,
    );
    await this.manager.query(`ANALYZE ${cells}`);
    // A missing value has its cell in the row whose value is NULL, found once rather than joined.
    const line = columns.map((_, position) => `coalesce(m${position}.cell, (SELECT cell FROM ${cells} WHERE position = ${position} AND value IS NULL))`).join(` || ',' || `);
    const joins = columns.map(({ sql }, position) => `LEFT JOIN ${cells} m${position} ON m${position}.position = ${position} AND m${position}.value = (${sql})::text`).join(' ');
    const file = await CsvFile.open(this.directory, `${domain}.csv`, ['pseudonym', 'schoolYear', ...elements.map((element) => element.ref.element)]);
    await copyRows(await this.client(), `SELECT c.mac, ${line} FROM ${rows.table} r JOIN extract_cohort c ON c.sid = r.sid ${joins}`, async ([mac, rest]) => {
      await file.writeEndingWith(this.pseudonyms.fromMac(mac!), { count: columns.length, csv: rest!.toString() });
      await this.rowWritten(domain);
    });
    return file.close();
  }

  private async writeTable(table: TableCounts): Promise<{ file: PackageFile; report: TableReport }> {
    const rowLabels = [...table.counts.keys()].sort();
    const columnLabels = [...new Set([...table.counts.values()].flatMap((cells) => [...cells.keys()]))].sort();
    const title = `${this.job.outputRules.dataLevel === 'record' ? 'released people' : 'cohort'} by ${table.rows} and ${table.columns}`;
    const counts = rowLabels.map((row) => columnLabels.map((column) => table.counts.get(row)?.get(column) ?? 0));
    const protectedTable = protectTable({ title, rowLabels, columnLabels, counts }, { threshold: this.minimumCellSize - 1, singleCellLines: singleCellLinesOf(this.job.outputRules) });
    const file = await CsvFile.open(this.directory, `table-${table.rows}-by-${table.columns}.csv`, [`${table.rows} \\ ${table.columns}`, ...columnLabels, 'total']);
    for (const [index, label] of rowLabels.entries()) await file.write([label, ...protectedTable.cells[index], protectedTable.rowTotals[index]]);
    await file.write(['total', ...protectedTable.columnTotals, protectedTable.grandTotal]);
    return { file: await file.close(), report: protectedTable.report };
  }

  private async writeDictionary(recordLevel: boolean): Promise<PackageFile> {
    const file = await CsvFile.open(this.directory, 'data-dictionary.csv', ['file', 'column', 'element', 'description', 'released as']);
    const describe = (element: Element) => {
      const schemaId = this.registry.contract(element.ref.domain).schemaId;
      const description = this.registry.schemas.schemaAt(schemaId, `/${element.ref.element}`)?.node['description'];
      return typeof description === 'string' ? description : '';
    };
    const releasedAs = (element: Element, inDomainFile = false) =>
      [
        inDomainFile && this.isDate(element) ? 'school year (July–June) of the date' : element.granularity === 'as-recorded' ? 'as recorded' : `generalised to ${element.granularity}`,
        element.quasiIdentifier || (inDomainFile && this.isDate(element)) ? 'quasi-identifier: generalised further or withheld for k-anonymity (see disclosure-report.md)' : '',
      ]
        .filter(Boolean)
        .join('; ');
    if (recordLevel) {
      await file.write([
        'persons.csv',
        'pseudonym',
        '',
        this.linked
          ? "The person's pseudonym in every linked extract of this project (the agreement allows linking across extracts): HMAC-SHA256 of the statewide ID under a secret derived for the project's linked extracts; their union is kept k-anonymous (see disclosure-report.md)"
          : "The person's pseudonym in this extract: HMAC-SHA256 of the statewide ID under a secret derived for this extract, so no other extract shares it",
        'pseudonym',
      ]);
      for (const element of this.quasiIdentifiers) await file.write(['persons.csv', element.key, element.key, describe(element), releasedAs(element)]);
      for (const element of this.elements.filter((candidate) => candidate.inDomainFile)) {
        const name = `${element.ref.domain}.csv`;
        await file.write([name, element.ref.element, element.key, describe(element), releasedAs(element, true)]);
      }
      for (const domain of new Set(this.elements.filter((element) => element.inDomainFile).map((element) => element.ref.domain))) {
        await file.write([
          `${domain}.csv`,
          'schoolYear',
          PERIOD_DATE[domain] ?? 'event time',
          `School year (July–June) of ${PERIOD_DATE[domain] ?? "the source's event time"}`,
          'year; quasi-identifier: withheld for k-anonymity when needed (see disclosure-report.md)',
        ]);
      }
    }
    for (const table of this.job.specification.tables) {
      await file.write([
        `table-${table.rows}-by-${table.columns}.csv`,
        '*',
        '',
        `Count of the ${recordLevel ? 'released people (as persons.csv shows them)' : 'cohort'} by ${table.rows} (rows) and ${table.columns} (columns); '*' is a suppressed cell`,
        'small-cell suppression; one-cell rows and columns as the agreement says (see disclosure-report.md)',
      ]);
    }
    return file.close();
  }

  private async writeText(name: string, text: string): Promise<PackageFile> {
    const bytes = Buffer.from(text);
    await writeFile(path.join(this.directory, name), bytes);
    return { name, rows: 0, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /** A person's cells as a flat record for the deidentifier (no SID: pseudonyms are made from the MACs, outside it). */
  private personOf(cells: readonly CsvCell[]): Record<string, CsvCell> {
    const person: Record<string, CsvCell> = {};
    this.kCheckKeys.forEach((key, index) => (person[key] = cells[index]));
    return person;
  }

  /** A person's cells from extract_person's columns (as text, from `first` on, in personColumns order): each quasi-identifier's value generalised as the agreement says, each footprint a sorted set. */
  private cellsOf(fields: ReadonlyArray<Buffer | null>, first = 0): CsvCell[] {
    const text = (index: number) => fields[first + index]?.toString() ?? null;
    const cells: CsvCell[] = [];
    for (const [index, element] of this.quasiIdentifiers.entries()) cells.push(cellValue(element.key, generalise(text(index), element.granularity)));
    for (const [index, footprints] of this.footprints.entries()) cells.push(footprints.of(text(this.quasiIdentifiers.length + index)));
    if (this.linked) cells.push(text(this.quasiIdentifiers.length + this.footprints.length));
    return cells;
  }

  /** Per domain file, its footprint cell from the footprint's JSON text; most people share a few footprints, so each is read once. */
  private footprintMakers(): Array<RememberedValues<CsvCell>> {
    return this.domainFiles.map(
      (file) =>
        new RememberedValues((footprint): CsvCell => {
          // School and grade as the person file takes them, so the hierarchies apply to both alike.
          const first = 1 + file.dates.length;
          const tuples = (JSON.parse(footprint) as MicrodataValue[][]).map((tuple) =>
            tuple.map((value, position) => {
              if (position < first) return value;
              const element = file.quasiIdentifiers[position - first];
              return cellValue(element.key, generalise(value, element.granularity));
            }),
          );
          return footprintValue(tuples);
        }),
    );
  }

  /** The transaction's own connection, for COPY. */
  private async client(): Promise<PoolClient> {
    return (await this.manager.queryRunner!.connect()) as PoolClient;
  }

  /**
   * Rows through a cursor, the next batch fetched while this one is visited, so PostgreSQL and
   * Node work at once; or, given `store`, fetched after it has stored what the visits gathered
   * (a connection runs one statement at a time).
   */
  private async stream(sql: string, parameters: unknown[], visit: (row: Record<string, unknown>) => Promise<void> | void, store?: () => Promise<void>): Promise<void> {
    await this.manager.query(`DECLARE extract_rows NO SCROLL CURSOR FOR ${sql}`, parameters);
    const fetch = (): Promise<Array<Record<string, unknown>>> => this.manager.query(`FETCH ${FETCH_ROWS} FROM extract_rows`);
    for (let batch = fetch(); ;) {
      const rows = await batch;
      const more = rows.length === FETCH_ROWS;
      if (more && !store) batch = fetch();
      for (const row of rows) await visit(row);
      if (store) {
        await store();
        if (more) batch = fetch();
      }
      if (!more) break;
    }
    await this.manager.query(`CLOSE extract_rows`);
  }

  private async rowWritten(phase: string): Promise<void> {
    this.rowsWritten += 1;
    if (this.rowsWritten - this.lastReported >= REPORT_EVERY_ROWS) await this.progress(`writing ${phase}`);
  }

  private async progress(phase: string): Promise<void> {
    this.lastReported = this.rowsWritten;
    await this.report({ phase, cohort: this.cohortSize, rowsWritten: this.rowsWritten });
  }
}

/** Adds the person, or that many people with the same values, to each table, by the values given (the released ones, for a record-level extract). */
function countInTables(tables: readonly TableCounts[], person: MicrodataRecord, people = 1): void {
  for (const table of tables) {
    const row = String(person[table.rows] ?? 'not recorded');
    const column = String(person[table.columns] ?? 'not recorded');
    const cells = table.counts.get(row) ?? table.counts.set(row, new Map()).get(row)!;
    cells.set(column, (cells.get(column) ?? 0) + people);
  }
}

/** Cells as one text: NUL ends each cell (none holds one: they come from PostgreSQL text and JSON) and its first character tells its type. */
function cellsKey(cells: readonly CsvCell[]): string {
  let key = '';
  for (const cell of cells) key += cell === null ? '\u0000' : typeof cell === 'string' ? `s${cell}\u0000` : `${typeof cell}${String(cell)}\u0000`;
  return key;
}

/**
 * A linked build's released people as it writes them, for extract_linked_release: each one's
 * pseudonym MAC copied into packed blocks, and a reference to their group's released key, so a
 * million people cost some 40 MB rather than a Buffer each.
 */
class LinkedReleases {
  private readonly blocks: Array<{ macs: Buffer; keys: Buffer[] }> = [];

  add(mac: Buffer, releasedKey: Buffer): void {
    let block = this.blocks.at(-1);
    if (!block || block.keys.length === RELEASES_PER_INSERT) this.blocks.push((block = { macs: Buffer.alloc(RELEASES_PER_INSERT * mac.length), keys: [] }));
    mac.copy(block.macs, block.keys.length * mac.length);
    block.keys.push(releasedKey);
  }

  /** The people in statements' worth: MACs and released keys, position by position. */
  *batches(): Generator<{ macs: Buffer[]; keys: Buffer[] }> {
    for (const { macs, keys } of this.blocks) {
      const width = macs.length / RELEASES_PER_INSERT;
      yield { macs: keys.map((_, index) => macs.subarray(index * width, (index + 1) * width)), keys };
    }
  }
}

/**
 * A function of text, its answers remembered for the values met, up to REMEMBERED_VALUES of
 * them: beyond that (a column of nearly unique values) memory stays flat and answers are made
 * again. A missing value is missing.
 */
class RememberedValues<T> {
  private readonly answers = new Map<string, T>();

  constructor(private readonly make: (value: string) => T) {}

  of(value: string | null): T | null {
    if (value === null) return null;
    let answer = this.answers.get(value);
    if (answer === undefined) {
      answer = this.make(value);
      if (this.answers.size < REMEMBERED_VALUES) this.answers.set(value, answer);
    }
    return answer;
  }
}

/** A footprint as one comparable value: its distinct tuples in a fixed order. */
function footprintValue(tuples: readonly MicrodataValue[][]): string {
  return `[${[...new Set(tuples.map((tuple) => JSON.stringify(tuple)))].sort().join(',')}]`;
}

function groupByDomain(elements: readonly Element[]): Map<string, Element[]> {
  const groups = new Map<string, Element[]>();
  for (const element of elements) groups.set(element.ref.domain, [...(groups.get(element.ref.domain) ?? []), element]);
  return groups;
}

function schoolYearSql(date: string): string {
  return `(extract(year FROM ${date})::int + (extract(month FROM ${date}) >= ${SCHOOL_YEAR_FIRST_MONTH})::int)`;
}

/** The school year of a date or date-time element's text (its day as recorded); null when it is no date. */
function dateSchoolYearSql(text: string): string {
  const day = `left(${text}, 10)::date`;
  return `(CASE WHEN ${text} ~ '^\\d{4}-\\d{2}-\\d{2}' THEN ${schoolYearSql(day)} END)`;
}

/**
 * Current versions of a contract's records of cohort members with each one's SID and period date
 * (the records read model's rule), with only the columns given, computed before any sort.
 */
function memberRecords(contract: string, columns: readonly string[]): string {
  return currentPersonRecordsSql({ contractId: contract, periodField: PERIOD_DATE[contract], columns, ownPersons: 'extract_member', projectFirst: true });
}

/** Current versions of a contract's records with each one's SID and period date, whole; optionally only cohort members (the cohort's selection and narrowing). */
function personRecords(contract: string, inCohort: boolean): string {
  return currentPersonRecordsSql({ contractId: contract, periodField: PERIOD_DATE[contract], sidsIn: inCohort ? 'extract_cohort' : undefined });
}
