import { HUB_CONNECTION_SETTINGS, loadSettingsOrExit } from '@lantern/config';
import { OUTCOMES_SETTINGS, OutcomesJob } from '@lantern/outcomes-store';
import { createServiceDataSource } from '@lantern/persistence';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError, type Command, type CommandIo } from '../command';

const USAGE = `Usage: lantern outcomes run --year <school year>

Computes every public indicator of a school year (2025 = 2024–25) from one snapshot of the hub's
records, applies public disclosure control and stores the values with their counts, as the
worker does for a steward's request. Nothing becomes public until a steward releases the run
(POST /outcomes/runs/<runId>/release). Computing the same snapshot again stores nothing new.

  --year <year>   the school year, named by its spring
  -h, --help      show this help

Environment: DATABASE_URL (required; the services' login); LANTERN_SGP_MINIMUM_COHORT (default
500: the smallest grade × subject cohort given growth percentiles; set it as the worker's is).
Exit status: 0 when the run is stored (or already was); 1 when it failed; 2 for bad arguments;
78 for bad settings.
`;

function parseRunArguments(args: string[]): number | 'help' {
  let values;
  try {
    values = parseArgs({ args, strict: true, options: { help: { type: 'boolean', short: 'h', default: false }, year: { type: 'string' } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (!values.year || !/^20[0-9]{2}$/.test(values.year)) throw new UsageError('--year <school year> is required, e.g. --year 2025');
  return Number(values.year);
}

async function run(schoolYear: number, io: CommandIo): Promise<number> {
  const { DATABASE_URL, LANTERN_SGP_MINIMUM_COHORT } = loadSettingsOrExit({ DATABASE_URL: HUB_CONNECTION_SETTINGS.DATABASE_URL, ...OUTCOMES_SETTINGS });
  const dataSource = createServiceDataSource(DATABASE_URL, { applicationName: 'lantern-cli', poolSize: 2 });
  await dataSource.initialize();
  try {
    const started = Date.now();
    const job = new OutcomesJob(dataSource, { sgpMinimumCohort: LANTERN_SGP_MINIMUM_COHORT }, (message, counts) =>
      io.stderr.write(`${message}${counts ? ` ${JSON.stringify(counts)}` : ''}\n`),
    );
    const result = await job.run(schoolYear);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.stdout.write(
      result.unchanged
        ? `outcomes ${schoolYear}: unchanged, run ${result.runId} already holds these results (${seconds} s)\n`
        : `outcomes ${schoolYear}: run ${result.runId} stored: ${result.students} students, ${result.published} values published, ${result.suppressed} suppressed (${seconds} s); release it to publish\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

export const outcomesRunCommand: Command = {
  usage: USAGE,
  async run(args, io) {
    let year: number | 'help';
    try {
      year = parseRunArguments(args);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`lantern outcomes run: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (year === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    return run(year, io);
  },
};
