// Identity-resolution benchmark: trains a model on one synthetic population, resolves another
// through a fresh Resolver, and scores it against the ground truth.
//   npm run bench:identity -- --people 100000 [--train-people 50000] [--seed 2026]
//                             [--profile default|harsh] [--id-codes]
//                             [--model model.json] [--save-model model.json] [--blocking-recall 0.05]
// --profile harsh resolves the harsher population (libs/identity/src/evaluation/harsh-records.ts),
// training on the same profile with another seed; --id-codes gives its records identification codes.
// The last line is the summary docs/benchmarks.md quotes.
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { COMPARISONS } from '../../libs/identity/src/scoring/comparisons';
import { parseIdentityModel, serialiseIdentityModel, type IdentityModel } from '../../libs/identity/src/model/identity-model';
import { trainModel } from '../../libs/identity/src/model/training';
import { type EvaluationProfile, runEvaluation, syntheticTrainingRecords } from '../../libs/identity/src/evaluation/run-evaluation';

interface BenchOptions {
  readonly people: number;
  readonly trainPeople: number;
  readonly seed: number;
  readonly model?: string;
  readonly saveModel?: string;
  readonly blockingRecall: number;
  readonly profile: EvaluationProfile;
  readonly identificationCodes: boolean;
}

function parseOptions(args: readonly string[]): BenchOptions {
  const value = (name: string): string | undefined => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const positive = (name: string, fallback: number): number => {
    const text = value(name);
    const parsed = text === undefined ? fallback : Number(text);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} needs a positive number, got ${text}`);
    return parsed;
  };
  const people = Math.round(positive('people', 10_000));
  const profile = value('profile') ?? 'default';
  if (profile !== 'default' && profile !== 'harsh') throw new Error(`--profile must be default or harsh, got ${profile}`);
  return {
    people,
    trainPeople: Math.round(positive('train-people', Math.min(50_000, Math.max(10_000, people)))),
    seed: Math.round(positive('seed', 2026)),
    model: value('model'),
    saveModel: value('save-model'),
    blockingRecall: positive('blocking-recall', 0.02),
    profile,
    identificationCodes: args.includes('--id-codes'),
  };
}

// A full collection before each reading, so the difference is what the index keeps alive.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
function memoryInUse(): number {
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function describeModel(model: IdentityModel): string[] {
  const lines = [
    `model ${model.id} (${model.description}), prior λ ${model.prior.toExponential(3)}, link ≥ ${model.thresholds.link} bits, review ≥ ${model.thresholds.review} bits, twin ${model.twinWeight} bits, max block ${model.maxBlockSize}`,
  ];
  model.comparisons.forEach((comparison, index) => {
    const levels = comparison.levels.map((level) => `${level.label} m=${level.m.toPrecision(3)} u=${level.u.toPrecision(3)} w=${Math.log2(level.m / level.u).toFixed(1)}`);
    lines.push(`  ${COMPARISONS[index].field}: ${levels.join('; ')}`);
  });
  for (const session of model.training.sessions) {
    lines.push(
      `  EM on ${session.blockingRule}: ${session.pairs} pairs, match share ${session.estimatedMatchShare}, ${session.iterations} iterations${session.converged ? '' : ' (not converged)'}`,
    );
  }
  return lines;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const profileOptions = { profile: options.profile, identificationCodes: options.identificationCodes };
  const log = (message: string): void => console.log(`[${(performance.now() / 1000).toFixed(1)}s] ${message}`);
  let model: IdentityModel;
  if (options.model) {
    model = parseIdentityModel(readFileSync(options.model, 'utf8'));
    log(`loaded model ${model.id} from ${options.model}`);
  } else {
    log(`training on ${options.trainPeople} synthetic people (${options.profile} profile, seed ${options.seed + 1})`);
    model = trainModel(syntheticTrainingRecords(options.trainPeople, options.seed + 1, profileOptions), {
      seed: options.seed,
      description: `synthetic population of ${options.trainPeople} people (${options.profile} profile), seed ${options.seed + 1}`,
    });
  }
  if (options.saveModel) writeFileSync(options.saveModel, serialiseIdentityModel(model));
  for (const line of describeModel(model)) console.log(line);

  log(`resolving ${options.people} synthetic people (${options.profile} profile${options.identificationCodes ? ' with identification codes' : ''}, seed ${options.seed})`);
  const report = runEvaluation({
    ...profileOptions,
    people: options.people,
    seed: options.seed,
    model,
    blockingRecallSample: options.blockingRecall,
    measureMemory: memoryInUse,
    onProgress: log,
  });
  const indexMegabytes = (report.indexBytes ?? 0) / 1e6;
  console.log(
    `records ${report.records} (${report.loadRecords} first records, ${report.incrementalRecords} further), SIDs ${report.stats.people}, ` +
      `decisions link ${report.decisions.link} new ${report.decisions.new} review ${report.decisions.review} (${((100 * report.decisions.review) / report.records).toFixed(2)} %) ` +
      `(grey zone ${report.reviewReasons.grey_zone}, bridge ${report.reviewReasons.bridge}, given names disagree ${report.reviewReasons.given_names_disagree}, family evidence only ${report.reviewReasons.family_evidence_only}); ` +
      `${report.recordsWithWarnings} records with data-quality warnings, ${report.refused} refused`,
  );
  console.log(
    `pairs true ${report.truePairs} predicted ${report.predictedPairs} correct ${report.correctPairs}; twins ${report.twinPairs}, merged twins ${report.mergedTwinPairs}; ` +
      `blocking recall ${report.blockingRecall?.toFixed(4) ?? 'n/a'}`,
  );
  console.log(
    `load ${Math.round(report.loadRecordsPerSecond)} records/s; index ${indexMegabytes.toFixed(1)} MB = ${Math.round((report.indexBytes ?? 0) / report.stats.people)} bytes per person ` +
      `(typed arrays ${(report.stats.typedArrayBytes / 1e6).toFixed(1)} MB, ${report.stats.blockingPostings} postings, ${report.stats.distinctNames} distinct names)`,
  );
  console.log(
    `identity: precision ${report.precision.toFixed(4)} recall ${report.recall.toFixed(4)} f1 ${report.f1.toFixed(4)}, ` +
      `${Math.round(report.recordsPerSecond)} records/s, false merges ${report.falseMerges}, index ${indexMegabytes.toFixed(1)} MB`,
  );
}

main();
