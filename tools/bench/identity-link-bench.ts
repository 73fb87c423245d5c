// `lantern identity link` on a synthetic population written as two CSV files (every person's
// first record in one, their further records in the other, each shuffled), scored against the
// ground truth: the CLI path an outside evaluation uses, model estimation from the inputs included.
//   npm run bench:identity-link -- --people 100000 [--seed 2026] [--profile default|harsh] [--id-codes]
//                                  [--shipped-model | --model model.json] [--dir /tmp/x] [--keep]
// Without --model or --shipped-model the CLI estimates its model from the two files. The last
// line is the summary docs/benchmarks.md quotes; peak RSS is the CLI process's (/usr/bin/time -v).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { defaultIdentityModel } from '../../libs/identity/src/model/default-model';
import { serialiseIdentityModel } from '../../libs/identity/src/model/identity-model';
import { Random } from '../../libs/identity/src/model/seeded-random';
import { generatePopulation } from '../../libs/identity/src/evaluation/population';
import { pairwiseMetrics } from '../../libs/identity/src/evaluation/pairwise-metrics';
import { evaluationRecords, type EvaluationProfile } from '../../libs/identity/src/evaluation/run-evaluation';
import type { PersonRecord } from '../../libs/identity/src/records/person-record';

const COLUMNS = ['record_id', 'first_name', 'middle_name', 'last_name', 'birth_date', 'sex', 'address', 'postcode', 'local_id', 'ssn'] as const;

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csvRow = (record: PersonRecord): string => `${COLUMNS.map((column) => csvField(String(record[column] ?? ''))).join(',')}\n`;

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const people = Number(option(args, 'people') ?? 10_000);
  const seed = Number(option(args, 'seed') ?? 2026);
  const profile = (option(args, 'profile') ?? 'harsh') as EvaluationProfile;
  if (profile !== 'default' && profile !== 'harsh') throw new Error(`--profile must be default or harsh, got ${profile}`);
  const identificationCodes = args.includes('--id-codes');
  const dir = option(args, 'dir') ?? mkdtempSync(join(tmpdir(), 'identity-link-bench-'));
  let model = option(args, 'model');
  if (args.includes('--shipped-model')) {
    model = join(dir, 'shipped-model.json');
    writeFileSync(model, serialiseIdentityModel(defaultIdentityModel()));
  }

  // Ground truth: record id → person.
  const personOf = new Map<string, number>();
  const records = evaluationRecords(seed, { profile, identificationCodes });
  const population = generatePopulation({ people, seed });
  const order = new Random(seed, 0xc5f);
  const firstFile = join(dir, 'first.csv');
  const furtherFile = join(dir, 'further.csv');
  const first = createWriteStream(firstFile);
  const further = createWriteStream(furtherFile);
  await write(first, `${COLUMNS.join(',')}\n`);
  await write(further, `${COLUMNS.join(',')}\n`);
  const firstRows: PersonRecord[] = [];
  const furtherRows: PersonRecord[] = [];
  for (const person of population) {
    for (let ordinal = 0; ordinal < records.count(person); ordinal++) {
      const { record } = records.record(person, ordinal);
      personOf.set(record.record_id, person.id);
      (ordinal === 0 ? firstRows : furtherRows).push(record);
    }
  }
  for (const index of order.shuffle(Int32Array.from(firstRows, (_, i) => i))) await write(first, csvRow(firstRows[index]));
  for (const index of order.shuffle(Int32Array.from(furtherRows, (_, i) => i))) await write(further, csvRow(furtherRows[index]));
  first.end();
  further.end();
  await Promise.all([once(first, 'finish'), once(further, 'finish')]);
  const rows = firstRows.length + furtherRows.length;
  firstRows.length = 0;
  furtherRows.length = 0;

  const output = join(dir, 'linked.csv');
  const cli = [
    '-r',
    './tools/register.js',
    'apps/cli/src/main.ts',
    'identity',
    'link',
    '--input',
    firstFile,
    '--input',
    furtherFile,
    '--output',
    output,
    ...(model ? ['--model', model] : []),
  ];
  const timed = existsSync('/usr/bin/time');
  const load = loadavg()[0];
  const run = spawnSync(timed ? '/usr/bin/time' : process.execPath, timed ? ['-v', process.execPath, ...cli] : cli, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`identity link exited ${run.status}: ${run.stderr.slice(-2000)}`);
  process.stdout.write(run.stdout);
  const origin = run.stderr.split('\n').find((line) => line.startsWith('lantern identity link: '));
  const peakKilobytes = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  const seconds = Number(/^([\d.]+) s, [\d,]+ rows\/s/m.exec(run.stdout)?.[1] ?? Number.NaN);

  // Labels: the true person and the SID written (a record under review has its provisional SID; a row skipped stands alone).
  const recordIds = [...personOf.keys()];
  const rowOf = new Map(recordIds.map((id, index) => [id, index]));
  const truth = Int32Array.from(recordIds, (id) => personOf.get(id) as number);
  const predicted = Int32Array.from(recordIds, (_, index) => rows + index);
  const sidNumbers = new Map<string, number>();
  let reviews = 0;
  for (const line of readFileSync(output, 'utf8').split('\n').slice(1)) {
    if (line === '') continue;
    const [recordId, sid, decision] = line.split(',');
    const label = sidNumbers.get(sid) ?? sidNumbers.size;
    sidNumbers.set(sid, label);
    predicted[rowOf.get(recordId.slice(recordId.indexOf(':') + 1)) as number] = label;
    if (decision === 'review') reviews++;
  }
  const metrics = pairwiseMetrics(truth, predicted);
  if (!args.includes('--keep') && option(args, 'dir') === undefined) rmSync(dir, { recursive: true, force: true });
  console.log(origin ?? '');
  console.log(
    `identity link: ${profile}${identificationCodes ? ' with id codes' : ''}, ${people} people, seed ${seed}, ${rows} rows: precision ${metrics.precision.toFixed(4)} ` +
      `recall ${metrics.recall.toFixed(4)} f1 ${metrics.f1.toFixed(4)}, false merges ${metrics.falseMerges}, reviews ${((100 * reviews) / rows).toFixed(2)} %, ` +
      `${Math.round(rows / seconds)} rows/s, peak rss ${Math.round(peakKilobytes / 1024)} MB, load ${load.toFixed(1)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
