// Outcomes benchmark: seeds a synthetic state into a fresh database (not timed), then times the
// outcomes job (every indicator of the latest school year, from one snapshot, with disclosure
// control, stored) as the worker runs it.
//   npm run bench:outcomes -- --students 1000000
// The last line is the summary docs/benchmarks.md quotes; the job's steps go to stderr before it.
import { createHubDataSource, createServiceDataSource } from '@lantern/persistence';
import { OutcomesJob } from '@lantern/outcomes-store';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { provisionBenchDatabase } from './bench-database';
import { seedOutcomesState, stateShape, YEAR, YEARS } from './synthetic-outcomes-state';

const HELP = `Usage: npm run bench:outcomes -- [--students N]
  --students N   students in the synthetic state (default 1000000), over three school years`;

const { values } = parseArgs({ options: { students: { type: 'string', default: '1000000' }, help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const STUDENTS = Number(values.students);
if (!Number.isInteger(STUDENTS) || STUDENTS < 1) throw new Error(`--students needs a whole number, got ${values.students}`);

const say = (line: string) => console.error(`[bench:outcomes] ${line}`);
const peakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

async function main() {
  const database = await provisionBenchDatabase(say);
  try {
    const owner = createHubDataSource(database.ownerUrl, [], { applicationName: 'bench-outcomes-seed', poolSize: 1 });
    await owner.initialize();
    const { schools, districts } = stateShape(STUDENTS);
    say(`seeding ${STUDENTS} students, ${schools} schools, ${districts} districts…`);
    const seeded = Date.now();
    await seedOutcomesState(owner, STUDENTS, say);
    const [{ records }]: Array<{ records: number }> = await owner.query(`SELECT count(*)::int AS records FROM record_version`);
    say(`seeded ${records} records in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    await owner.destroy();

    // As the services log in: the worker's job.
    const dataSource = createServiceDataSource(database.url, { applicationName: 'bench-outcomes', poolSize: 2 });
    await dataSource.initialize();
    const started = Date.now();
    const result = await new OutcomesJob(dataSource, {}, (message, counts) =>
      say(`${((Date.now() - started) / 1000).toFixed(1)} s ${message}${counts ? ` ${JSON.stringify(counts)}` : ''}`),
    ).run(YEAR);
    const seconds = (Date.now() - started) / 1000;
    await dataSource.destroy();
    console.log(
      `outcomes: ${result.students} students x ${YEARS} years in ${seconds.toFixed(1)} s, ${result.published} indicator values published, ${result.suppressed} suppressed, peak rss ${Math.round(peakRssMb())} MB`,
    );
  } finally {
    await database.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
