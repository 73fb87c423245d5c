// `lantern identity link` on labelled files of someone else's making, scored against the truth
// their record ids carry (FEBRL's `rec-<n>-org` and `rec-<n>-dup-<k>` are person n) or a column
// names (Splink's demo files: `--person-column group`). The public files this was measured on are
// not in the repository; any files labelled one of these ways can be scored.
//   npm run bench:identity-files -- --input a.csv [--input b.csv]... [--person-pattern 'rec-(\d+)-' | --person-column group] [--without-codes]
// --without-codes hides the identification-code column (soc_sec_id, ssn) from the CLI, as a file
// without one would be. The last line is the summary docs/benchmarks.md quotes; a record under
// review counts under the provisional SID the CLI wrote for it, as in bench:identity-link, and a
// row the CLI refused (no name and no identifier) counts as a person of its own: its links are missed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { personColumns } from '../../apps/cli/src/identity/person-columns';
import { pairwiseMetrics } from '../../libs/identity/src/evaluation/pairwise-metrics';

const CODE_COLUMNS = /(^|,)\s*(soc_sec_id|ssn)\s*(?=,|$)/;

function options(args: readonly string[], name: string): string[] {
  return args.flatMap((arg, index) => (arg === `--${name}` && args[index + 1] !== undefined ? [args[index + 1]] : []));
}

/** Each input row as the CLI names it (`<file name>:<id>` when there are several inputs), with its fields. */
function inputRows(inputs: readonly string[]): Array<{ input: string; names: string[]; recordId: string; fields: string[] }> {
  return inputs.flatMap((input) => {
    const [header, ...rows] = readFileSync(input, 'utf8').split('\n');
    const names = header.split(',').map((name) => name.trim().toLowerCase());
    const columns = personColumns(names);
    const idColumn = columns.ok ? columns.columns.columns.find(([field]) => field === 'record_id')?.[1][0] : undefined;
    if (idColumn === undefined) throw new Error(`${input}: no record id column`);
    const prefix = inputs.length > 1 ? `${basename(input, extname(input))}:` : '';
    return rows.map((row) => row.split(',')).flatMap((fields) => (fields.length === names.length ? [{ input, names, recordId: prefix + fields[idColumn].trim(), fields }] : []));
  });
}

/** Record id → the person in `column`. */
function personsByColumn(rows: ReturnType<typeof inputRows>, column: string): Map<string, string> {
  return new Map(
    rows.map(({ input, names, recordId, fields }) => {
      const personAt = names.indexOf(column.toLowerCase());
      if (personAt < 0) throw new Error(`${input}: no column ${column}`);
      return [recordId, fields[personAt].trim()];
    }),
  );
}

function main(): void {
  const args = process.argv.slice(2);
  const inputs = options(args, 'input');
  if (inputs.length === 0) throw new Error('give at least one --input file');
  const personPattern = new RegExp(options(args, 'person-pattern')[0] ?? 'rec-(\\d+)-');
  const personColumn = options(args, 'person-column')[0];
  const rows = inputRows(inputs);
  const personOfRecord = personColumn === undefined ? undefined : personsByColumn(rows, personColumn);
  const withoutCodes = args.includes('--without-codes');
  const dir = mkdtempSync(join(tmpdir(), 'identity-files-bench-'));
  try {
    const files = inputs.map((input) => {
      if (!withoutCodes) return input;
      const [header, ...rows] = readFileSync(input, 'utf8').split('\n');
      const hidden = join(dir, basename(input));
      writeFileSync(hidden, [header.replace(CODE_COLUMNS, '$1no_code'), ...rows].join('\n'));
      return hidden;
    });
    const output = join(dir, 'linked.csv');
    const cli = ['-r', './tools/register.js', 'apps/cli/src/main.ts', 'identity', 'link', ...files.flatMap((file) => ['--input', file]), '--output', output];
    const run = spawnSync(process.execPath, cli, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0 && run.status !== 1) throw new Error(`identity link exited ${run.status}: ${run.stderr.slice(-2000)}`);
    const origin = run.stderr.split('\n').find((line) => line.startsWith('lantern identity link: '));

    const people = new Map<string, number>();
    const sids = new Map<string, number>();
    const truth: number[] = [];
    const predicted: number[] = [];
    let reviews = 0;
    const resolved = new Set<string>();
    const score = (recordId: string, sid: string): void => {
      const person = personOfRecord === undefined ? personPattern.exec(recordId)?.[1] : personOfRecord.get(recordId);
      if (person === undefined)
        throw new Error(`no person for record id ${recordId} (${personOfRecord === undefined ? `does not match ${personPattern}` : `not in --person-column ${personColumn}`})`);
      truth.push(people.get(person) ?? people.set(person, people.size).size - 1);
      predicted.push(sids.get(sid) ?? sids.set(sid, sids.size).size - 1);
    };
    for (const line of readFileSync(output, 'utf8').split('\n').slice(1)) {
      if (line === '') continue;
      const [recordId, sid, decision] = line.split(',');
      score(recordId, sid);
      resolved.add(recordId);
      if (decision === 'review') reviews++;
    }
    const refused = rows.filter(({ recordId }) => !resolved.has(recordId));
    for (const { recordId } of refused) score(recordId, `refused ${recordId}`);
    const metrics = pairwiseMetrics(Int32Array.from(truth), Int32Array.from(predicted));
    console.log(origin ?? '');
    console.log(
      `identity files: ${inputs.map((input) => basename(input)).join(' + ')}${withoutCodes ? ' without codes' : ''}, ${truth.length} rows (${refused.length} refused), ${people.size} people: ` +
        `precision ${metrics.precision.toFixed(4)} recall ${metrics.recall.toFixed(4)} f1 ${metrics.f1.toFixed(4)}, false merges ${metrics.falseMerges}, ` +
        `reviews ${((100 * reviews) / truth.length).toFixed(2)} %`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
