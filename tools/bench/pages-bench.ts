// Public page benchmark: a synthetic state's indicators computed and released (not timed), the
// real API process serving the web app, and school profile pages opened at a steady rate by
// visitors who have never seen them (no cached answers, no ETags), each for a school drawn at random.
//   npm run bench:pages -- [--students N] [--rate PAGES_PER_S] [--seconds S]
// A page is what a browser asks the hub for when it opens /schools/{id}: the page itself, then the
// school, its released indicators and the indicator dictionary at once (the app's scripts and
// styles are static files a browser caches). Its time runs from when it was due to its last answer.
// The last line is the summary docs/benchmarks.md quotes.
import { AuditLog } from '@lantern/audit';
import { IndicatorStore, OutcomesJob } from '@lantern/outcomes-store';
import { createHubDataSource, createServiceDataSource } from '@lantern/persistence';
import { ensureWebBuild, findFreePort, lanternStateDir, startHubService, WEB_BUILD_DIR, type HubServiceProcess } from '@lantern/provisioning';
import { parseArgs } from 'node:util';
import { provisionBenchDatabase } from './bench-database';
import { openLoop, percentile, waitUntilLive } from './http-load';
import { schoolIdsOf, seedOutcomesState, stateShape, YEAR } from './synthetic-outcomes-state';

const HELP = `Usage: npm run bench:pages -- [--students N] [--rate R] [--seconds S]
  --students N   students in the synthetic state (default 1000000; a school per 500)
  --rate R       school pages opened per second (default 50)
  --seconds S    how long the measured load lasts (default 30), after a warm-up of 5 s at the same rate`;

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '30' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const positive = (name: string, text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number above 0, got ${text}`);
  return value;
};
const STUDENTS = positive('students', values.students);
const RATE = positive('rate', values.rate);
const SECONDS = positive('seconds', values.seconds);
const WARM_UP_SECONDS = 5;

const say = (line: string) => console.error(`[bench:pages] ${line}`);

/** The school's page, then what the app asks the API for (apps/web: school page and its released outcomes). */
async function openSchoolPage(base: string, schoolId: string, requestTimes: number[]): Promise<void> {
  const get = async (path: string, accept: string) => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { accept } });
    await response.arrayBuffer();
    requestTimes.push(performance.now() - started);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  };
  await get(`/schools/${schoolId}`, 'text/html');
  await Promise.all([
    get(`/public/schools/${schoolId}`, 'application/json'),
    get(`/public/schools/${schoolId}/indicators`, 'application/json'),
    get('/public/indicators', 'application/json'),
  ]);
}

/** The synthetic state, its indicator year computed by the outcomes job and released, as the worker and a steward do. */
async function prepareState(database: { url: string; ownerUrl: string }): Promise<void> {
  const owner = createHubDataSource(database.ownerUrl, [], { applicationName: 'bench-pages-seed', poolSize: 1 });
  await owner.initialize();
  try {
    const { schools, districts } = stateShape(STUDENTS);
    say(`seeding ${STUDENTS} students, ${schools} schools, ${districts} districts…`);
    await seedOutcomesState(owner, STUDENTS, say);
  } finally {
    await owner.destroy();
  }
  const dataSource = createServiceDataSource(database.url, { applicationName: 'bench-pages', poolSize: 2 });
  await dataSource.initialize();
  try {
    const started = Date.now();
    const run = await new OutcomesJob(dataSource, {}).run(YEAR);
    await new IndicatorStore(dataSource).release(run.runId, 'bench-pages', new AuditLog(dataSource));
    say(`indicators of ${YEAR} computed and released in ${((Date.now() - started) / 1000).toFixed(1)} s: ${run.published} values published, ${run.suppressed} withheld or coded`);
  } finally {
    await dataSource.destroy();
  }
}

async function main() {
  const database = await provisionBenchDatabase(say);
  let api: HubServiceProcess | undefined;
  try {
    await ensureWebBuild(say);
    await prepareState(database);
    const schoolIds = schoolIdsOf(STUDENTS);
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    // The public pages read PostgreSQL alone: no broker (the API's readiness says Kafka is down; liveness is enough).
    api = startHubService(
      'api',
      'apps/api/src/main.ts',
      {
        ...process.env,
        DATABASE_URL: database.url,
        KAFKA_BROKERS: '127.0.0.1:9',
        API_HOST: '127.0.0.1',
        API_PORT: String(port),
        API_WEB_ROOT: WEB_BUILD_DIR,
        LANTERN_DEV_EPHEMERAL_KEYS: 'true',
        LOG_LEVEL: 'warn',
        // Every visitor comes from this one address: the per-address limit (ADR 0015) is for abuse, not for the load this measures.
        API_PUBLIC_REQUESTS_PER_ADDRESS: '1000000',
      },
      { logFile: lanternStateDir('logs', 'bench-pages-api.log') },
    );
    await waitUntilLive(base);
    const schoolAt = (index: number) => schoolIds[(index * 7919) % schoolIds.length];
    say(`warming up: ${RATE} pages/s for ${WARM_UP_SECONDS} s over ${schoolIds.length} schools…`);
    await openLoop(RATE, RATE * WARM_UP_SECONDS, (index) => openSchoolPage(base, schoolAt(index), []));
    say(`measuring: ${RATE} pages/s for ${SECONDS} s…`);
    const requestTimes: number[] = [];
    let errors = 0;
    const pageTimes = await openLoop(RATE, RATE * SECONDS, (index) =>
      openSchoolPage(base, schoolAt(index + RATE * WARM_UP_SECONDS), requestTimes).catch((error: unknown) => {
        errors += 1;
        if (errors === 1) say(`first error: ${(error as Error).message}`);
      }),
    );
    requestTimes.sort((a, b) => a - b);
    const ms = (value: number) => Math.round(value);
    console.log(
      `pages: school profile p95 ${ms(percentile(pageTimes, 95))} ms, p50 ${ms(percentile(pageTimes, 50))} ms, p99 ${ms(percentile(pageTimes, 99))} ms per page at ${RATE} pages/s for ${SECONDS} s; per request p95 ${ms(percentile(requestTimes, 95))} ms over ${requestTimes.length} requests; ${errors} errors; ${schoolIds.length} schools`,
    );
  } finally {
    await api?.stop();
    await database.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
