import {
  defaultIdentityModel,
  estimateModel,
  modelCard,
  parseIdentityModel,
  renderModelCard,
  Resolver,
  serialiseIdentityModel,
  type IdentityModel,
  OPTIONAL_PERSON_FIELDS,
  REQUIRED_PERSON_FIELDS,
} from '@lantern/identity';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { EXIT_USAGE, UsageError, type Command, type CommandIo } from '../command';
import { CsvWriter } from '../identity/csv-writer';
import { checkHeader, IdentityLinker, OUTPUT_HEADER, type InputCounts, type LinkInput, type WarningCounts } from '../identity/identity-linker';
import { inputFileSize, parsePersonFileArguments, personFiles } from '../identity/person-file-arguments';
import { readTrainingSet } from '../identity/training-reader';
import { ProgressDisplay } from '../terminal/progress-display';

const USAGE = `Usage: lantern identity link --input <csv> [--input <csv>]... [--output <csv>] [--source <name>]...
                             [--id-column <name>] [--model <json>] [--expected-records <n>] [--explain <file>]

Resolves CSV files of person records through the identity engine and writes one row per record:
record_id, sid, decision (linked, new or review) and score (empty when there was no candidate).
Several inputs are resolved in order into one ID space; their record ids are then written with
the input's source as a prefix (<source>:<record_id>). Columns are found by header name or a
common alias (given_name, surname, dob, zip, soc_sec_id, ...): record_id and a name or
identifier are required; first_name, last_name, birth_date, middle_name, sex, address,
postcode, local_id and ssn are used when present. A missing or malformed field is compared as
missing and counted as a data-quality warning; rows that cannot be resolved (broken CSV, no
record id, no name and no identifier) are reported with their line number and skipped.

Options:
  --input <csv>            a CSV file of person records; repeat for several files
  --output <csv>           where to write the result (default: stdout)
  --source <name>          the source system of the records (local ids compare within a source):
                           once for every input, or once per input in the same order
                           (default: each input's file name without its extension)
  --id-column <name>       read the identification code (compared as an SSN: nine digits) from
                           this column instead of ssn
  --model <json>           link with this identity model (from \`lantern identity train\`) instead of
                           estimating one from the inputs
  --expected-records <n>   person records the ID space will hold, to scale the model's prior
                           (default: the model's training records, or the records resolved)
  --explain <file>         write each decision's match weights to this file as a waterfall: the
                           prior, each comparison's level and weight in bits, the running total
  -h, --help               show this help

Without --model the inputs are read twice: first to estimate a model from them, without labels
(Fellegi–Sunter: u from random pairs, m by expectation maximisation over pairs that share a birth
date or a name, name frequencies, the prior), then to link them with it. When the inputs cannot
support an estimate (fewer than 500 usable records, too few pairs, no convergence, a fit in
which agreement is no evidence) the shipped model is used and the summary says why. With
--output, the estimated model and its card are written beside it (<output>.model.json and
<output>.model.card.md, without the .csv), to read or to reuse with --model.

Exit status: 0 when every row was resolved; 1 when rows were skipped or an input was refused;
2 for bad arguments.
`;

const count = (value: number): string => value.toLocaleString('en-US');

interface LinkArguments {
  readonly help: boolean;
  readonly inputs: readonly string[];
  readonly sources: readonly string[];
  readonly output?: string;
  readonly idColumn?: string;
  readonly model?: string;
  readonly expectedRecords?: number;
  readonly explain?: string;
}

function parseLinkArguments(args: string[]): LinkArguments {
  const values = parsePersonFileArguments(args, { model: { type: 'string' }, 'expected-records': { type: 'string' }, explain: { type: 'string' } });
  if (values.help) return { help: true, inputs: values.input ?? [], sources: values.source ?? [] };
  const { inputs, sources, idColumn } = personFiles(values);
  let expectedRecords: number | undefined;
  if (values['expected-records'] !== undefined) {
    expectedRecords = Number(values['expected-records']);
    if (!Number.isSafeInteger(expectedRecords) || expectedRecords < 1) throw new UsageError('--expected-records needs a positive whole number');
  }
  if (values.output !== undefined && inputs.some((input) => resolve(input) === resolve(values.output as string))) {
    throw new UsageError('--output must not be one of the inputs');
  }
  if (values.explain !== undefined && [...inputs, values.output].some((path) => path !== undefined && resolve(path) === resolve(values.explain as string))) {
    throw new UsageError('--explain must not be an input or the output');
  }
  return { help: false, inputs, sources, output: values.output, idColumn, model: values.model, expectedRecords, explain: values.explain };
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

async function loadModel(path: string): Promise<IdentityModel> {
  try {
    return parseIdentityModel(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    throw new UsageError(`--model ${path}: ${(error as Error).message}`);
  }
}

/** The model the records are linked with, and one line on where it came from. */
interface ChosenModel {
  readonly model: IdentityModel;
  readonly origin: string;
}

/** Where the estimated model and its card go: beside the output, `out.csv` → `out.model.json`, `out.model.card.md`. */
export function estimatedModelPaths(output: string): { readonly model: string; readonly card: string } {
  const stem = extname(output).toLowerCase() === '.csv' ? output.slice(0, -'.csv'.length) : output;
  return { model: `${stem}.model.json`, card: `${stem}.model.card.md` };
}

/**
 * Estimates a model from the inputs themselves, with the shipped model's policy (thresholds,
 * twin weight, block size); the shipped model when the inputs cannot support an estimate.
 */
async function estimateFromInputs(args: LinkArguments, inputs: readonly LinkInput[], io: CommandIo): Promise<ChosenModel> {
  const shipped = defaultIdentityModel();
  const progress = new ProgressDisplay(io.stderr);
  let read;
  try {
    read = await readTrainingSet(
      inputs,
      args.idColumn,
      progress,
      inputs.reduce((sum, input) => sum + input.size, 0),
    );
  } finally {
    progress.finish();
  }
  const { set, unreadable } = read;
  const estimate = estimateModel(set, {
    description: `Estimated by lantern identity link from the ${set.size} records it linked (${read.inputs.map((input) => input.name).join(', ')})`,
    thresholds: shipped.thresholds,
    twinWeight: shipped.twinWeight,
    maxBlockSize: shipped.maxBlockSize,
  });
  if (!estimate.ok) return { model: shipped, origin: `shipped model ${shipped.id}: the inputs cannot support an estimate (${estimate.reason})` };
  const { model } = estimate;
  const counts = set.counts();
  const refused = new Map(unreadable);
  for (const [reason, records] of Object.entries(counts.refused)) refused.set(reason, (refused.get(reason) ?? 0) + records);
  const card = modelCard(model, { ...counts, refused: Object.fromEntries(refused), inputs: read.inputs });
  if (args.output !== undefined) {
    const paths = estimatedModelPaths(args.output);
    await writeFile(paths.model, serialiseIdentityModel(model));
    await writeFile(paths.card, renderModelCard(card));
  }
  const sessions = model.training.sessions.map((session) => `${session.blockingRule} ${session.iterations} iterations over ${count(session.pairs)} pairs`).join(', ');
  return {
    model,
    origin:
      `model ${model.id} estimated from ${count(set.size)} records: λ ${model.prior.toExponential(2)}, EM ${sessions}; ` +
      `expects precision ${card.expected.precision}, recall ${card.expected.recall}`,
  };
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
  const sizes = await Promise.all(args.inputs.map(inputFileSize));
  const given = args.model === undefined ? undefined : await loadModel(args.model);
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
  const { model, origin } = given === undefined ? await estimateFromInputs(args, inputs, io) : { model: given, origin: `model ${given.id} from ${args.model}` };
  io.stderr.write(`lantern identity link: ${origin}\n`);
  const resolver = new Resolver({ model, ...(args.expectedRecords !== undefined ? { expectedRecords: args.expectedRecords } : {}) });
  const partial = args.output === undefined ? undefined : `${args.output}.partial`;
  const out = partial === undefined || args.output === undefined ? io.stdout : await openOutput(args.output, partial);
  const explained = args.explain === undefined ? undefined : await openOutput(args.explain, `${args.explain}.partial`);
  const progress = new ProgressDisplay(io.stderr);
  const counts: InputCounts[] = [];
  const writer = new CsvWriter(out);
  const explanations = explained === undefined ? undefined : new CsvWriter(explained);
  const linker = new IdentityLinker(
    resolver,
    writer,
    progress,
    sizes.reduce((sum, size) => sum + size, 0),
    args.idColumn,
    explanations,
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
    if (explained !== undefined && args.explain !== undefined) {
      await explanations?.flush();
      explained.end();
      await finished(explained);
      await rename(`${args.explain}.partial`, args.explain);
    }
  } catch (error) {
    if (partial !== undefined) {
      (out as NodeJS.WritableStream & { destroy(): void }).destroy();
      await unlink(partial).catch(() => undefined);
    }
    if (explained !== undefined) {
      explained.destroy();
      await unlink(`${args.explain}.partial`).catch(() => undefined);
    }
    throw error;
  } finally {
    progress.finish();
  }

  const summary = renderSummary(inputs, counts, linker.total, linker.warnings, resolver.stats().people, origin, (performance.now() - started) / 1000, args.output);
  (args.output === undefined ? io.stderr : io.stdout).write(summary);
  return linker.total.skipped > 0 ? 1 : 0;
}

function renderSummary(
  inputs: readonly LinkInput[],
  counts: readonly InputCounts[],
  total: InputCounts,
  warnings: WarningCounts,
  people: number,
  origin: string,
  seconds: number,
  output?: string,
): string {
  const rows = [
    ['input', 'source', 'rows', 'linked', 'new', 'review', 'skipped'],
    ...inputs.map((input, index) => [input.path, input.source, ...numbers(counts[index])]),
    ...(inputs.length > 1 ? [['total', '', ...numbers(total)]] : []),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const table = rows.map((row) => `  ${row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')}`.trimEnd());
  const rate = seconds > 0 ? Math.round(total.rows / seconds) : total.rows;
  return [
    `Identity link: ${inputs.length === 1 ? '1 input' : `${inputs.length} inputs, resolved in order into one ID space`}`,
    `  ${origin}`,
    ...table,
    `${count(total.rows)} rows read, ${count(total.linked)} linked, ${count(total.new)} new, ${count(total.review)} review, ${count(total.skipped)} malformed rows skipped; ${count(people)} SIDs`,
    ...warningLines(warnings),
    `${seconds.toFixed(1)} s, ${count(rate)} rows/s; written to ${output ?? 'stdout'}`,
    '',
  ].join('\n');
}

// One line per field with warnings: field names and counts, never values.
function warningLines(warnings: WarningCounts): string[] {
  if (warnings.size === 0) return [];
  const order: readonly string[] = [...REQUIRED_PERSON_FIELDS, ...OPTIONAL_PERSON_FIELDS];
  const sorted = [...warnings.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  const fields = sorted.map(([field, { missing, malformed }]) => {
    const parts = [...(missing > 0 ? [`${count(missing)} missing`] : []), ...(malformed > 0 ? [`${count(malformed)} malformed`] : [])];
    return `  ${field}: ${parts.join(', ')}`;
  });
  return ['data-quality warnings (rows resolved with the field compared as missing):', ...fields];
}

function numbers(counts: InputCounts): string[] {
  return [counts.rows, counts.linked, counts.new, counts.review, counts.skipped].map(count);
}

export const identityLinkCommand: Command = {
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
