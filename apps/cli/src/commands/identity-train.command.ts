import { modelCard, renderModelCard, serialiseIdentityModel, trainModel, type ModelCard } from '@lantern/identity';
import { rename, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { EXIT_USAGE, UsageError, type Command, type CommandIo } from '../command';
import { checkHeader } from '../identity/identity-linker';
import { inputFileSize, parsePersonFileArguments, personFiles } from '../identity/person-file-arguments';
import { readTrainingSet } from '../identity/training-reader';
import { ProgressDisplay } from '../terminal/progress-display';

const USAGE = `Usage: lantern identity train --input <csv> [--input <csv>]... --output <model.json> [--source <name>]...
                              [--id-column <name>] [--seed <n>]

Estimates an identity model from CSV files of person records, without labels (Fellegi–Sunter:
u from random pairs, m by expectation maximisation, term frequencies, the prior from the data),
and writes it as JSON with its model card (Markdown) beside it: <output>.card.md, without the
.json. The card lists the data the model saw (files, rows, records left out and fields compared
as missing, as counts), the parameters per comparison level, the prior, the thresholds, how the
estimation converged, and the precision and recall the model expects of itself. Columns are read
as \`lantern identity link\` reads them.

Options:
  --input <csv>        a CSV file of person records; repeat for several files
  --output <json>      where to write the model
  --source <name>      the source system of the records (local ids compare within a source):
                       once for every input, or once per input in the same order
                       (default: each input's file name without its extension)
  --id-column <name>   read the identification code from this column instead of ssn
  --seed <n>           seed of the random pair sample (default 1): the same data and seed give
                       the same model id
  -h, --help           show this help

The model holds the names seen at least three times (its term-frequency tables): keep it as
you keep the records. Exit status: 0 trained; 1 an input was refused or too few records were
usable; 2 bad arguments.
`;

interface TrainArguments {
  readonly help: boolean;
  readonly inputs: readonly string[];
  readonly sources: readonly string[];
  readonly output?: string;
  readonly idColumn?: string;
  readonly seed: number;
}

function parseTrainArguments(args: string[]): TrainArguments {
  const values = parsePersonFileArguments(args, { seed: { type: 'string' } });
  if (values.help) return { help: true, inputs: values.input ?? [], sources: values.source ?? [], seed: 1 };
  const { inputs, sources, idColumn } = personFiles(values);
  if (values.output === undefined || values.output.trim() === '') throw new UsageError('name the --output file for the model');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('--seed needs a whole number');
  if (inputs.some((input) => resolve(input) === resolve(values.output as string))) throw new UsageError('--output must not be one of the inputs');
  return { help: false, inputs, sources, output: values.output, idColumn, seed };
}

/** Where the card goes: beside the model, `model.json` → `model.card.md`. */
export function modelCardPath(output: string): string {
  return `${extname(output).toLowerCase() === '.json' ? output.slice(0, -'.json'.length) : output}.card.md`;
}

const count = (value: number): string => value.toLocaleString('en-US');

async function train(args: TrainArguments, io: CommandIo): Promise<number> {
  const sizes = await Promise.all(args.inputs.map(inputFileSize));
  let refused = false;
  for (const path of args.inputs) {
    const header = await checkHeader(path, args.idColumn);
    if (header.ok) continue;
    refused = true;
    for (const problem of header.problems) io.stderr.write(`lantern identity train: ${path}: refused: ${problem}\n`);
  }
  if (refused) {
    io.stderr.write('lantern identity train: nothing was trained\n');
    return 1;
  }

  const started = performance.now();
  const progress = new ProgressDisplay(io.stderr);
  let read;
  try {
    const inputs = args.inputs.map((path, index) => ({ path, source: args.sources[args.sources.length === 1 ? 0 : index] ?? basename(path, extname(path)) }));
    read = await readTrainingSet(
      inputs,
      args.idColumn,
      progress,
      sizes.reduce((sum, size) => sum + size, 0),
    );
  } finally {
    progress.finish();
  }
  const { set, unreadable, inputs } = read;

  const counts = set.counts();
  const refusedRows = new Map(unreadable);
  for (const [reason, records] of Object.entries(counts.refused)) refusedRows.set(reason, (refusedRows.get(reason) ?? 0) + records);
  io.stderr.write(`lantern identity train: estimating the model from ${count(set.size)} records (random pairs, then expectation maximisation)\n`);
  let model;
  try {
    model = trainModel(set, { seed: args.seed, description: `Trained by lantern identity train on ${set.size} records from ${inputs.map((input) => input.name).join(', ')}` });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    io.stderr.write(`lantern identity train: ${error.message}; nothing was written\n`);
    return 1;
  }
  const card = modelCard(model, { ...counts, refused: Object.fromEntries(refusedRows), inputs });
  const output = args.output as string;
  const cardPath = modelCardPath(output);
  // Written whole, then renamed: a half-written model is never left where a run would load it.
  await writeFile(`${output}.partial`, serialiseIdentityModel(model));
  await rename(`${output}.partial`, output);
  await writeFile(cardPath, renderModelCard(card));
  io.stdout.write(renderSummary(card, output, cardPath, (performance.now() - started) / 1000));
  return 0;
}

function renderSummary(card: ModelCard, output: string, cardPath: string, seconds: number): string {
  const rows = card.data.inputs.reduce((sum, input) => sum + input.rows, 0);
  const refused = Object.values(card.data.refused).reduce((sum, records) => sum + records, 0);
  const warned = Object.entries(card.data.warnings).map(([field, records]) => `${field} ${count(records ?? 0)}`);
  return [
    `Identity model ${card.modelId}: trained on ${count(card.data.records)} of ${count(rows)} rows (${count(refused)} left out) from ${card.data.inputs.length} input${card.data.inputs.length === 1 ? '' : 's'}`,
    `  fields compared as missing: ${warned.length > 0 ? warned.join(', ') : 'none'}`,
    `  λ = ${card.prior.lambda}; EM ${card.estimation.sessions.map((session) => `${session.blockingRule}: ${session.iterations} iterations over ${count(session.pairs)} pairs${session.converged ? '' : ' (not converged)'}`).join('; ')}`,
    `  expected at ${count(card.expected.records)} records: precision ${card.expected.precision}, recall ${card.expected.recall} (the model's own estimate; see the card)`,
    `${seconds.toFixed(1)} s; model written to ${output}, card to ${cardPath}`,
    '',
  ].join('\n');
}

export const identityTrainCommand: Command = {
  usage: USAGE,
  async run(args, io) {
    try {
      const parsed = parseTrainArguments(args);
      if (parsed.help) {
        io.stdout.write(USAGE);
        return 0;
      }
      return await train(parsed, io);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`lantern identity train: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
  },
};
