import { COMPARISONS, type ComparisonField } from '../scoring/comparisons';
import { type DecisionThresholds, type IdentityModel, rescaledPrior, type TermFrequencyTable, type TrainingSession } from './identity-model';
import type { TrainingSetCounts } from './training';

export const MODEL_CARD_FORMAT = 'lantern-identity-model-card/1';

/** The data a model was trained on, in counts only: these are children's records. */
export interface TrainingData extends TrainingSetCounts {
  /** Each file or source system the records came from. */
  readonly inputs: readonly { readonly name: string; readonly rows: number; readonly records: number }[];
}

/** What the fitted model itself predicts about its decisions (not a measurement on labelled data). */
export interface ExpectedAccuracy {
  /** Records in the ID space the prior was scaled to (the resolver's rule). */
  readonly records: number;
  /** Expected share of pairs at or above the link threshold that are one person. */
  readonly precision: number;
  /** Expected share of one-person pairs at or above the link threshold. */
  readonly recall: number;
  /** Expected share of one-person pairs between the review and link thresholds (sent to a steward). */
  readonly reviewShare: number;
  /** Expected pairs of different people at or above the link threshold among `records`. */
  readonly falseLinkPairs: number;
  readonly method: string;
}

export interface ModelCardLevel {
  readonly label: string;
  readonly m: number;
  readonly u: number;
  /** log2(m/u), bits. An exact name weighs by its own frequency instead (termFrequencies). */
  readonly weight: number;
  /** Between records at one address (household members are the other people there): uSameAddress and log2(m/uSameAddress). */
  readonly atOneAddress?: { readonly u: number; readonly weight: number };
}

/** A model's parameters, the data behind them and what to expect of it, for a steward to read before activating it. */
export interface ModelCard {
  readonly format: typeof MODEL_CARD_FORMAT;
  readonly modelId: string;
  readonly createdAt: string;
  readonly description: string;
  readonly data: TrainingData;
  readonly prior: { readonly lambda: number; readonly trainingRecords: number; readonly matchesPerRecord: number; readonly weight: number };
  readonly thresholds: DecisionThresholds;
  readonly twinWeight: number;
  readonly maxBlockSize: number;
  readonly comparisons: readonly { readonly field: ComparisonField; readonly observedShare: number | null; readonly levels: readonly ModelCardLevel[] }[];
  readonly termFrequencies: Readonly<Record<'given_name' | 'surname', { readonly names: number; readonly unseen: number; readonly weightRange: readonly [number, number] }>>;
  readonly estimation: { readonly randomPairs: number; readonly sessions: readonly TrainingSession[] };
  readonly expected: ExpectedAccuracy;
}

export const EXPECTED_ACCURACY_METHOD =
  'From the fitted mixture, assuming its conditional independence: the distribution of the match weight (prior at the stated records, plus each comparison’s ' +
  'log2(m/u), exact names by term frequency) is computed exactly (0.01-bit bins) once for true matches (levels drawn with probability m, names by their ' +
  'frequency) and once for different people (probability u, names by squared frequency); each comparison is missing (weight 0) as often as in the random ' +
  'training pairs. Recall is the share of matches at or above the link threshold; precision weighs that against the share of non-matches above it, by ' +
  'the expected number of each among all pairs of the records. Pairwise and before blocking, the given-name rule, trusted identifiers and bridge reviews; ' +
  'correlated errors (siblings sharing surname and address) make the real precision lower than this.';

/** The card of a model trained on `data`; expected accuracy at `records` records (default: the training records). */
export function modelCard(model: IdentityModel, data: TrainingData, records = model.training.records): ModelCard {
  const n = model.training.records;
  const tfRange = (field: 'given_name' | 'surname') => {
    const table = model.termFrequencies[field];
    const exactM = model.comparisons[COMPARISONS.findIndex((comparison) => comparison.field === field)].levels[0].m;
    const frequencies = Object.values(table.values);
    const commonest = frequencies.reduce((max, frequency) => Math.max(max, frequency), table.unseen);
    return { names: frequencies.length, unseen: table.unseen, weightRange: [bits(Math.log2(exactM / commonest)), bits(Math.log2(exactM / table.unseen))] as const };
  };
  return {
    format: MODEL_CARD_FORMAT,
    modelId: model.id,
    createdAt: model.createdAt,
    description: model.description,
    data,
    prior: { lambda: model.prior, trainingRecords: n, matchesPerRecord: Number((model.prior * (n - 1)).toPrecision(4)), weight: bits(logOdds(model.prior)) },
    thresholds: model.thresholds,
    twinWeight: model.twinWeight,
    maxBlockSize: model.maxBlockSize,
    comparisons: model.comparisons.map(({ field, levels }) => ({
      field,
      observedShare: model.training.observedShare?.[field] ?? null,
      levels: levels.map(({ label, m, u, uSameAddress }) => ({
        label,
        m,
        u,
        weight: bits(Math.log2(m / u)),
        ...(uSameAddress !== undefined ? { atOneAddress: { u: uSameAddress, weight: bits(Math.log2(m / uSameAddress)) } } : {}),
      })),
    })),
    termFrequencies: { given_name: tfRange('given_name'), surname: tfRange('surname') },
    estimation: { randomPairs: model.training.randomPairs, sessions: model.training.sessions },
    expected: expectedAccuracy(model, records),
  };
}

const BIN = 0.01;

/** A distribution of match weights on 0.01-bit bins: probability of bin (offset + index). */
interface WeightDistribution {
  readonly offset: number;
  readonly p: Float64Array;
}

/** Expected pairwise precision and recall of the model's link threshold among `records` records (EXPECTED_ACCURACY_METHOD). */
export function expectedAccuracy(model: IdentityModel, records = model.training.records): ExpectedAccuracy {
  const prior = rescaledPrior(model, records);
  let matches = point(logOdds(prior));
  let nonMatches = point(logOdds(prior));
  model.comparisons.forEach(({ field, levels }) => {
    const observed = model.training.observedShare?.[field] ?? 1;
    const forMatches: Array<[number, number]> = [];
    const forNonMatches: Array<[number, number]> = [];
    levels.forEach(({ m, u }, level) => {
      if (level === 0 && (field === 'given_name' || field === 'surname')) {
        for (const [weight, share] of termWeights(model.termFrequencies[field], m, 1)) forMatches.push([weight, m * share]);
        for (const [weight, share] of termWeights(model.termFrequencies[field], m, 2)) forNonMatches.push([weight, u * share]);
        return;
      }
      forMatches.push([Math.log2(m / u), m]);
      // name_order's u is 1 at both levels (the name levels carry its evidence): different people are compared as given.
      if (field !== 'name_order') forNonMatches.push([Math.log2(m / u), u]);
      else if (level === 0) forNonMatches.push([Math.log2(m), 1]);
    });
    matches = convolve(matches, withMissing(forMatches, observed));
    nonMatches = convolve(nonMatches, withMissing(forNonMatches, observed));
  });
  const { link, review } = model.thresholds;
  const recall = shareAtOrAbove(matches, link);
  const falsePositiveRate = shareAtOrAbove(nonMatches, link);
  const pairs = (records * (records - 1)) / 2;
  const truePairs = prior * pairs * recall;
  const falseLinkPairs = (1 - prior) * pairs * falsePositiveRate;
  return {
    records,
    precision: significant(truePairs + falseLinkPairs > 0 ? truePairs / (truePairs + falseLinkPairs) : 1),
    recall: significant(recall),
    reviewShare: significant(shareAtOrAbove(matches, review) - recall),
    falseLinkPairs: significant(falseLinkPairs),
    method: EXPECTED_ACCURACY_METHOD,
  };
}

/**
 * Weights of an exact name and their shares: a true match agrees on a name as often as the name
 * occurs (power 1), two different people as often as its square (power 2). Names rarer than the
 * table share what the table leaves, each at the `unseen` frequency.
 */
function termWeights(table: TermFrequencyTable, exactM: number, power: 1 | 2): Array<[number, number]> {
  const frequencies = Object.values(table.values);
  const rest = Math.max(0, 1 - frequencies.reduce((sum, frequency) => sum + frequency, 0));
  const entries: Array<[number, number]> = frequencies.map((frequency) => [Math.log2(exactM / frequency), frequency ** power]);
  if (rest > 0) entries.push([Math.log2(exactM / table.unseen), power === 1 ? rest : rest * table.unseen]);
  const total = entries.reduce((sum, [, share]) => sum + share, 0);
  return entries.map(([weight, share]) => [weight, share / total]);
}

function withMissing(levels: Array<[number, number]>, observed: number): WeightDistribution {
  const total = levels.reduce((sum, [, p]) => sum + p, 0);
  const entries: Array<[number, number]> = levels.map(([weight, p]) => [weight, (observed * p) / total]);
  if (observed < 1) entries.push([0, 1 - observed]);
  const bins = entries.map(([weight]) => Math.round(weight / BIN));
  const offset = Math.min(...bins);
  const p = new Float64Array(Math.max(...bins) - offset + 1);
  entries.forEach(([, probability], index) => (p[bins[index] - offset] += probability));
  return { offset, p };
}

function point(weight: number): WeightDistribution {
  return { offset: Math.round(weight / BIN), p: Float64Array.of(1) };
}

function convolve(a: WeightDistribution, b: WeightDistribution): WeightDistribution {
  const p = new Float64Array(a.p.length + b.p.length - 1);
  for (let j = 0; j < b.p.length; j++) {
    const pb = b.p[j];
    if (pb === 0) continue;
    for (let i = 0; i < a.p.length; i++) p[i + j] += a.p[i] * pb;
  }
  return { offset: a.offset + b.offset, p };
}

function shareAtOrAbove(distribution: WeightDistribution, threshold: number): number {
  const first = Math.round(threshold / BIN) - distribution.offset;
  let share = 0;
  for (let index = Math.max(0, first); index < distribution.p.length; index++) share += distribution.p[index];
  return Math.min(1, share);
}

const logOdds = (probability: number): number => Math.log2(probability / (1 - probability));
const bits = (weight: number): number => Math.round(weight * 100) / 100;
const significant = (value: number): number => Number(value.toPrecision(4));

/** The card as Markdown, for a file beside the model or a steward's screen. */
export function renderModelCard(card: ModelCard): string {
  const count = (value: number) => value.toLocaleString('en-US');
  const table = (header: string[], rows: Array<Array<string | number>>) =>
    [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const counted = (counts: Readonly<Record<string, number | undefined>>, none: string) => {
    const entries = Object.entries(counts).filter((entry): entry is [string, number] => entry[1] !== undefined && entry[1] > 0);
    return entries.length === 0 ? none : entries.map(([key, value]) => `- ${key}: ${count(value)}`).join('\n');
  };
  const { expected } = card;
  return [
    `# Identity model ${card.modelId}`,
    '',
    `${card.description}. Created ${card.createdAt}.`,
    '',
    '## Data',
    '',
    table(
      ['input', 'rows', 'records used'],
      card.data.inputs.map((input) => [input.name, count(input.rows), count(input.records)]),
    ),
    '',
    `${count(card.data.records)} records trained on.`,
    '',
    'Records left out (the engine would refuse them), by reason:',
    '',
    counted(card.data.refused, '- none'),
    '',
    'Records used with a field compared as missing (absent or malformed), by field:',
    '',
    counted(card.data.warnings, '- none'),
    '',
    '## Expected accuracy',
    '',
    `At ${count(expected.records)} records and the link threshold of ${card.thresholds.link} bits: precision ${expected.precision}, recall ${expected.recall}; ` +
      `${expected.reviewShare} of true matches fall between the review (${card.thresholds.review} bits) and link thresholds; ` +
      `${expected.falseLinkPairs} pairs of different people expected above the link threshold.`,
    '',
    `Method: ${expected.method}`,
    '',
    '## Prior and thresholds',
    '',
    `λ = ${card.prior.lambda} (${card.prior.matchesPerRecord} matches per record among ${count(card.prior.trainingRecords)}; ${card.prior.weight} bits at that size, rescaled to the ID space). ` +
      `Link at ${card.thresholds.link} bits, review from ${card.thresholds.review} bits; twin weight ${card.twinWeight} bits; blocking keys shared by more than ${card.maxBlockSize} SIDs are skipped.`,
    '',
    '## Parameters per comparison level',
    '',
    table(
      ['comparison', 'observed', 'level', 'm', 'u', 'weight (bits)', 'u at one address', 'weight at one address'],
      card.comparisons.flatMap(({ field, observedShare, levels }) =>
        levels.map((level, index) => [
          index === 0 ? field : '',
          index === 0 && observedShare !== null ? observedShare : '',
          level.label,
          level.m,
          level.u,
          level.weight,
          level.atOneAddress?.u ?? '',
          level.atOneAddress?.weight ?? '',
        ]),
      ),
    ),
    '',
    `Term frequencies: ${count(card.termFrequencies.given_name.names)} given names (exact agreement ${card.termFrequencies.given_name.weightRange[0]} to ${card.termFrequencies.given_name.weightRange[1]} bits), ` +
      `${count(card.termFrequencies.surname.names)} surnames (${card.termFrequencies.surname.weightRange[0]} to ${card.termFrequencies.surname.weightRange[1]} bits); a name not in the table weighs the most.`,
    '',
    '## Estimation',
    '',
    `u from ${count(card.estimation.randomPairs)} random pairs; m by expectation maximisation:`,
    '',
    table(
      ['session (pairs agreeing on)', 'pairs', 'estimated match share', 'iterations', 'converged'],
      card.estimation.sessions.map((session) => [session.blockingRule, count(session.pairs), session.estimatedMatchShare, session.iterations, session.converged ? 'yes' : 'no']),
    ),
    '',
  ].join('\n');
}
