import { defaultIdentityModel, parseIdentityModel, Resolver, type IdentityModel } from '@lantern/identity';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError, type Command, type CommandIo } from '../command';
import { CsvWriter } from '../identity/csv-writer';
import { checkHeader, IdentityLinker, OUTPUT_HEADER, type InputCounts, type LinkInput } from '../identity/identity-linker';
import { ProgressDisplay } from '../terminal/progress-display';

const USAGE = `Usage: lantern identity link --input <csv> [--input <csv>]... [--output <csv>] [--source <name>]...
                             [--id-column <name>] [--model <json>] [--expected-records <n>]

Resolves CSV files of person records through the identity engine and writes one row per record:
record_id, sid, decision (linked, new or review) and score (empty when there was no candidate).
Several inputs are resolved in order into one ID space; their record ids are then written with
the input's source as a prefix (<source>:<record_id>). Columns are found by header name:
record_id, first_name, last_name and birth_date are required; middle_name, sex, address,
postcode, local_id and ssn are used when present. Malformed rows are reported with their line
number and skipped.

Options:
  --input <csv>            a CSV file of person records; repeat for several files
  --output <csv>           where to write the result (default: stdout)
  --source <name>          the source system of the records (local ids compare within a source):
                           once for every input, or once per input in the same order
                           (default: each input's file name without its extension)
  --id-column <name>       read the identification code (compared as an SSN: nine digits) from
                           this column instead of ssn
  --model <json>           an identity model trained on the state's records (default: the
                           shipped synthetic-population model)
  --expected-records <n>   person records the ID space will hold, to scale the model's prior
                           (default: the model's training records, or the records resolved)
  -h, --help               show this help

Exit status: 0 when every row was resolved; 1 when rows were skipped or an input was refused;
2 for bad arguments.
`;

interface LinkArguments {
  readonly help: boolean;
  readonly inputs: readonly string[];
  readonly sources: readonly string[];
  readonly output?: string;
  readonly idColumn?: string;
  readonly model?: string;
  readonly expectedRecords?: number;
}

function parseLinkArguments(args: string[]): LinkArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string', multiple: true },
        output: { type: 'string' },
        source: { type: 'string', multiple: true },
        'id-column': { type: 'string' },
        model: { type: 'string' },
        'expected-records': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const inputs = values.input ?? [];
  const sources = values.source ?? [];
  if (values.help) return { help: true, inputs, sources };
  if (inputs.length === 0) throw new UsageError('name at least one --input file');
  if (sources.length > 1 && sources.length !== inputs.length) {
    throw new UsageError(`give --source once for every input, or once per input (${inputs.length} inputs, ${sources.length} sources)`);
  }
  if (sources.some((source) => source.trim() === '')) throw new UsageError('--source must not be empty');
  if (values['id-column'] !== undefined && values['id-column'].trim() === '') throw new UsageError('--id-column must not be empty');
  let expectedRecords: number | undefined;
  if (values['expected-records'] !== undefined) {
    expectedRecords = Number(values['expected-records']);
    if (!Number.isSafeInteger(expectedRecords) || expectedRecords < 1) throw new UsageError('--expected-records needs a positive whole number');
  }
  if (values.output !== undefined && inputs.some((input) => resolve(input) === resolve(values.output as string))) {
    throw new UsageError('--output must not be one of the inputs');
  }
  return { help: false, inputs, sources, output: values.output, idColumn: values['id-column'], model: values.model, expectedRecords };
}

/** Each input's source and record-id prefix: the source itself, with the input's position when two inputs share a source. */
function linkInputs(args: LinkArguments, sizes: readonly number[]): LinkInput[] {
  const sources = args.inputs.map((path, index) => args.sources[args.sources.length === 1 ? 0 : index] ?? basename(path, extname(path)));
  const shared = new Set(sources.filter((source, index) => sources.indexOf(source) !== index));
  return args.inputs.map((path, index) => ({
    path,
    source: sources[index],
    recordIdPrefix: args.inputs.length === 1 ? '' : `${shared.has(sources[index]) ? `${sources[index]}#${index + 1}` : sources[index]}:`,
    size: sizes[index],
  }));
}

async function loadModel(path: string | undefined): Promise<IdentityModel> {
  if (path === undefined) return defaultIdentityModel();
  try {
    return parseIdentityModel(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    throw new UsageError(`--model ${path}: ${(error as Error).message}`);
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw new UsageError(`--input ${path} is not a file`);
    return stats.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no such file: ${path}`);
    throw error;
  }
}

/** Opens the file the output is written to until it is complete; an unwritable --output fails here, before anything is resolved. */
async function openOutput(output: string, path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
    return stream;
  } catch (error) {
    throw new Error(`cannot write --output ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
}

async function link(args: LinkArguments, io: CommandIo): Promise<number> {
  const sizes = await Promise.all(args.inputs.map(fileSize));
  const model = await loadModel(args.model);
  const inputs = linkInputs(args, sizes);

  // Every header first: a file that cannot be read is refused before anything is resolved or written.
  let refused = false;
  for (const input of inputs) {
    const header = await checkHeader(input.path, args.idColumn);
    if (header.ok) continue;
    refused = true;
    for (const problem of header.problems) io.stderr.write(`lantern identity link: ${input.path}: refused: ${problem}\n`);
  }
  if (refused) {
    io.stderr.write('lantern identity link: nothing was resolved\n');
    return 1;
  }

  const started = performance.now();
  const resolver = new Resolver({ model, ...(args.expectedRecords !== undefined ? { expectedRecords: args.expectedRecords } : {}) });
  const partial = args.output === undefined ? undefined : `${args.output}.partial`;
  const out = partial === undefined || args.output === undefined ? io.stdout : await openOutput(args.output, partial);
  const progress = new ProgressDisplay(io.stderr);
  const counts: InputCounts[] = [];
  const writer = new CsvWriter(out);
  const linker = new IdentityLinker(
    resolver,
    writer,
    progress,
    sizes.reduce((sum, size) => sum + size, 0),
    args.idColumn,
  );
  try {
    writer.write(OUTPUT_HEADER);
    for (const [index, input] of inputs.entries()) {
      counts.push(await linker.link(input, `linking ${input.path} (${index + 1}/${inputs.length})`));
    }
    await writer.flush();
    if (partial !== undefined && args.output !== undefined) {
      out.end();
      await finished(out);
      await rename(partial, args.output);
    }
  } catch (error) {
    if (partial !== undefined) {
      (out as NodeJS.WritableStream & { destroy(): void }).destroy();
      await unlink(partial).catch(() => undefined);
    }
    throw error;
  } finally {
    progress.finish();
  }

  const summary = renderSummary(inputs, counts, linker.total, resolver.stats().people, model, (performance.now() - started) / 1000, args.output);
  (args.output === undefined ? io.stderr : io.stdout).write(summary);
  return linker.total.skipped > 0 ? 1 : 0;
}

const count = (value: number): string => value.toLocaleString('en-US');

function renderSummary(inputs: readonly LinkInput[], counts: readonly InputCounts[], total: InputCounts, people: number, model: IdentityModel, seconds: number, output?: string): string {
  const rows = [
    ['input', 'source', 'rows', 'linked', 'new', 'review', 'skipped'],
    ...inputs.map((input, index) => [input.path, input.source, ...numbers(counts[index])]),
    ...(inputs.length > 1 ? [['total', '', ...numbers(total)]] : []),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const table = rows.map((row) => `  ${row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')}`.trimEnd());
  const rate = seconds > 0 ? Math.round(total.rows / seconds) : total.rows;
  return [
    `Identity link: ${inputs.length === 1 ? '1 input' : `${inputs.length} inputs, resolved in order into one ID space`} (model ${model.id})`,
    ...table,
    `${count(total.rows)} rows read, ${count(total.linked)} linked, ${count(total.new)} new, ${count(total.review)} review, ${count(total.skipped)} malformed rows skipped; ${count(people)} SIDs`,
    `${seconds.toFixed(1)} s, ${count(rate)} rows/s; written to ${output ?? 'stdout'}`,
    '',
  ].join('\n');
}

function numbers(counts: InputCounts): string[] {
  return [counts.rows, counts.linked, counts.new, counts.review, counts.skipped].map(count);
}

export const identityLinkCommand: Command = {
  words: ['identity', 'link'],
  summary: 'resolve CSV files of person records to statewide student identifiers (SIDs)',
  usage: USAGE,
  async run(args, io) {
    try {
      const parsed = parseLinkArguments(args);
      if (parsed.help) {
        io.stdout.write(USAGE);
        return 0;
      }
      return await link(parsed, io);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`lantern identity link: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
  },
};
