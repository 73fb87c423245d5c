// Research-extract benchmark: seeds a synthetic linked population (not timed), then builds one
// record-level extract over all of it with the real builder, as the worker's extract builds do.
//   npm run bench:extract -- --people 1000000 [--database NAME]
// The last line is the summary docs/benchmarks.md quotes: rows written per second, the build's
// wall time, and this process's peak RSS (the builder streams, so it should not grow with people).
// The time of each of the builder's phases goes to stderr before it.
import { HubCertificateAuthority } from '@lantern/access';
import { ExtractBuilder, parseExtractSpecification } from '@lantern/extracts';
import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import { databaseUrl, ensureDatabase, lanternStateDir, provisionPostgres } from '@lantern/provisioning';
import { RecordsReadModel } from '@lantern/records';
import { seedLinkedPopulation } from '@lantern/test-environment';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { parseArgs } from 'node:util';
import { type BenchDatabase, provisionBenchDatabase } from './bench-database';

const HELP = `Usage: npm run bench:extract -- [--people N] [--database NAME]
  --people N       people in the synthetic population (default 1000000)
  --database NAME  seed database NAME on the first run and keep it; a later run with the same NAME and
                   --people reuses it without seeding (about 75 s saved at a million). Without it, a fresh
                   database is seeded and dropped. Drop a kept one with: dropdb -h 127.0.0.1 -U postgres NAME`;

const { values } = parseArgs({ options: { people: { type: 'string', default: '1000000' }, database: { type: 'string' }, help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const PEOPLE = Number(values.people);
if (!Number.isInteger(PEOPLE) || PEOPLE < 1) throw new Error(`--people needs a whole number, got ${values.people}`);

const say = (line: string) => console.error(`[bench:extract] ${line}`);
const peakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
/** CPU seconds a process has used (user and system), from /proc: the bench and PostgreSQL share this machine. */
const cpuSeconds = (pid: number | string) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** CPU seconds of each of this bench's PostgreSQL backends (the connections it holds, by application name). */
async function backendCpuSeconds(dataSource: DataSource): Promise<Map<number, number>> {
  const backends: Array<{ pid: number }> = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'bench-extract'`);
  return new Map(backends.map(({ pid }) => [pid, cpuSeconds(pid)]));
}

/** CPU the backends used between two readings; a connection the pool closed in between (an idle one left from seeding) is left out. */
function backendCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  return [...after].reduce((sum, [pid, seconds]) => sum + seconds - (before.get(pid) ?? 0), 0);
}

const ELEMENTS = [
  { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
  { domain: 'edfi.student', element: 'birthSexDescriptor', granularity: 'as-recorded' },
  { domain: 'edfi.studentEducationOrganizationAssociation', element: 'races', granularity: 'as-recorded' },
  { domain: 'edfi.studentSchoolAssociation', element: 'schoolReference', granularity: 'as-recorded' },
  { domain: 'edfi.studentSchoolAssociation', element: 'entryGradeLevelDescriptor', granularity: 'as-recorded' },
  { domain: 'edfi.studentSchoolAssociation', element: 'entryDate', granularity: 'year-month' },
  { domain: 'edfi.studentAssessment', element: 'scoreResults', granularity: 'as-recorded' },
  { domain: 'edfi.studentAssessment', element: 'administrationDate', granularity: 'year-month' },
] as const;

/** A database kept between runs: never dropped here. */
async function keptDatabase(name: string): Promise<Pick<BenchDatabase, 'ownerUrl' | 'dispose'>> {
  const postgres = await provisionPostgres({ stateDir: lanternStateDir('postgres'), log: say });
  await ensureDatabase(postgres.adminUrl, name);
  const url = databaseUrl(postgres.adminUrl, name);
  await migrateDatabase(url);
  return { ownerUrl: url, dispose: () => postgres.stop() };
}

/** Seeds the population unless the database already holds exactly this many synthetic people (a kept database). */
async function population(dataSource: DataSource): Promise<number[]> {
  const [{ people }]: Array<{ people: number }> = await dataSource.query(`SELECT count(*)::int AS people FROM crosswalk WHERE source_system = 'synthetic-sis'`);
  if (people === PEOPLE) {
    say(`reusing the ${PEOPLE} people already seeded`);
    return [...new Set((await new RecordsReadModel(dataSource).schoolDistricts()).values())].map(Number);
  }
  if (people > 0) throw new Error(`the database holds ${people} synthetic people, not ${PEOPLE}: name another database or drop this one`);
  say(`seeding ${PEOPLE} linked people…`);
  const seeded = Date.now();
  const { districts } = await seedLinkedPopulation(dataSource, PEOPLE);
  say(`seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
  return districts;
}

async function main() {
  const database = values.database ? await keptDatabase(values.database) : await provisionBenchDatabase(say);
  const packages = await mkdtemp(path.join(tmpdir(), 'lantern-extract-bench-'));
  try {
    // As the owner: seeding in bulk ends with ANALYZE, which only the owner may run; no service is started.
    const dataSource = createHubDataSource(database.ownerUrl, [], { applicationName: 'bench-extract', poolSize: 2 });
    await dataSource.initialize();
    const districts = await population(dataSource);
    say('building the extract…');
    const builder = new ExtractBuilder(dataSource, HubCertificateAuthority.ephemeral().issueExtractSigningKey());
    // Both pool connections exist before the build, so their CPU time before and after it can be read.
    await Promise.all([dataSource.query('SELECT pg_sleep(0.1)'), dataSource.query('SELECT pg_sleep(0.1)')]);
    const backendCpuBefore = await backendCpuSeconds(dataSource);
    const nodeCpuBefore = cpuSeconds('self');
    const started = Date.now();
    // The builder reports each step as it ends; what it reports between steps (rows written) is no step.
    const phases: string[] = [];
    let stepStarted = started;
    const { manifest } = await builder.build(
      {
        requestId: 'bench',
        projectId: 'bench',
        agreement: { id: 'bench', version: 1 },
        specification: parseExtractSpecification({
          cohort: { districts },
          elements: ELEMENTS.map((element) => `${element.domain}.${element.element}`),
          timeSpan: { from: '2025-07-01', to: '2026-06-30' },
          tables: [{ rows: 'edfi.studentSchoolAssociation.schoolReference', columns: 'edfi.student.birthSexDescriptor' }],
        }),
        approvedElements: ELEMENTS,
        outputRules: { dataLevel: 'record', minimumCellSize: 11, k: 11 },
        pseudonymSecret: randomBytes(32),
      },
      path.join(packages, 'package'),
      async (update) => {
        say(`${update.phase}: ${update.rowsWritten} rows (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        if (update.phase.startsWith('writing ')) return;
        phases.push(`${update.phase} ${((Date.now() - stepStarted) / 1000).toFixed(1)} s`);
        stepStarted = Date.now();
      },
    );
    const seconds = (Date.now() - started) / 1000;
    const nodeCpu = cpuSeconds('self') - nodeCpuBefore;
    const backendCpu = backendCpuBetween(backendCpuBefore, await backendCpuSeconds(dataSource));
    say(`steps: ${phases.join(', ')}`);
    // CPU time says more than wall time on a shared machine: other sessions' load stretches the wall.
    say(`CPU: PostgreSQL ${backendCpu.toFixed(1)} s, Node ${nodeCpu.toFixed(1)} s (wall ${seconds.toFixed(1)} s)`);
    const rows = manifest.files.reduce((sum, file) => sum + file.rows, 0);
    say(`cohort ${manifest.cohort}, released ${manifest.releasedPeople}; files: ${manifest.files.map((file) => `${file.name} ${file.rows}`).join(', ')}`);
    await dataSource.destroy();
    console.log(`extract: ${Math.round(rows / seconds)} rows/s, ${seconds.toFixed(1)} s for ${rows} rows, peak rss ${Math.round(peakRssMb())} MB`);
  } finally {
    await rm(packages, { recursive: true, force: true });
    await database.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
