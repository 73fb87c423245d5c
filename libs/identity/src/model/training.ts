import { mixHash } from '../index-store/hashing';
import { MISSING_NAME } from '../index-store/name-table';
import { RecordStore } from '../index-store/record-store';
import { MISSING_DATE } from '../normalisation/dates';
import { normalisePerson } from '../normalisation/person';
import { checkPersonRecord, type PersonField, type PersonRecord } from '../records/person-record';
import { BIRTH_DATE, COMPARISON_COUNT, COMPARISONS, GIVEN, MISSING, NAME_ORDER, RecordComparator, RESIDENCE, SURNAME } from '../scoring/comparisons';
import { MISSING_TEXT } from '../index-store/text-table';
import { createIdentityModel, type ComparisonParameters, type DecisionThresholds, type IdentityModel, type TermFrequencyTable, type TrainingSession } from './identity-model';
import { Random } from './seeded-random';

export interface TrainingRecord {
  readonly record: PersonRecord;
  readonly source: string;
}

export interface TrainingOptions {
  readonly seed?: number;
  /** Random record pairs for estimating u. */
  readonly randomPairs?: number;
  /** Upper bound on pairs compared per EM session (sampled beyond it). */
  readonly maxPairsPerSession?: number;
  readonly thresholds?: DecisionThresholds;
  readonly twinWeight?: number;
  readonly maxBlockSize?: number;
  /** Names seen fewer times than this are left out of the term-frequency tables. */
  readonly minTermCount?: number;
  readonly description?: string;
  readonly createdAt?: string;
}

/** Policy defaults, chosen on the synthetic evaluation (docs/identity-model.md). */
export const DEFAULT_THRESHOLDS: DecisionThresholds = { link: 6, review: 0 };
export const DEFAULT_TWIN_WEIGHT = -20;
export const DEFAULT_MAX_BLOCK_SIZE = 100;

const EM_MAX_ITERATIONS = 1_000;
const EM_TOLERANCE = 1e-6;
// Pseudo-counts, so a level never observed gets a small probability instead of log2(0).
const M_PSEUDO_COUNT = 0.5;
const U_PSEUDO_COUNT = 0.5;

/**
 * An EM session compares pairs that agree on its blocking rule, so the comparisons the rule
 * fixes cannot be estimated there: each session estimates the others, and together the two
 * sessions cover every comparison.
 */
interface SessionRule {
  readonly name: string;
  readonly fixed: readonly number[];
  key(store: RecordStore, row: number): number | undefined;
}

const SESSION_RULES: readonly SessionRule[] = [
  { name: 'birth_date', fixed: [BIRTH_DATE], key: (store, row) => (store.birthDate(row) === MISSING_DATE ? undefined : store.birthDate(row)) },
  {
    name: 'given_name+surname',
    fixed: [GIVEN, SURNAME, NAME_ORDER],
    key: (store, row) => {
      const given = store.givenName(row);
      const surname = store.surname(row);
      return given === MISSING_NAME || surname === MISSING_NAME ? undefined : mixHash(store.names.joined(given), store.names.joined(surname));
    },
  },
];

/**
 * Pairs sharing an address are one person's records or members of one household. With m known
 * from the sessions above (a person's fields vary alike wherever they live), EM over them
 * estimates the other class: how household members compare (uSameAddress).
 */
const HOUSEHOLD_RULE: SessionRule = {
  name: 'address',
  fixed: [RESIDENCE, NAME_ORDER],
  key: (store, row) => (store.address(row) === MISSING_TEXT ? undefined : store.address(row)),
};

export type LevelTable = Float64Array[];

/** What a training set held: records kept, and counts (never values) of what was left out or compared as missing. */
export interface TrainingSetCounts {
  readonly records: number;
  /** Records the engine would refuse, by reason. */
  readonly refused: Readonly<Record<string, number>>;
  /** Records kept with a field compared as missing (absent or malformed), by field. */
  readonly warnings: Readonly<Partial<Record<PersonField, number>>>;
}

/**
 * Records gathered for training one at a time (a file, or a table read page by page), held in
 * the engine's compact columns rather than as objects. A record the engine would refuse is left
 * out and counted by reason; the fields it would compare as missing are counted by field.
 */
export class TrainingSet {
  /** @internal read by trainModel */
  readonly store = new RecordStore({ keepRecordIds: false });
  private readonly refused = new Map<string, number>();
  private readonly warnings = new Map<PersonField, number>();

  static of(records: Iterable<TrainingRecord>): TrainingSet {
    const set = new TrainingSet();
    for (const { record, source } of records) set.add(record, source);
    return set;
  }

  get size(): number {
    return this.store.size;
  }

  /** Keeps the record for training; false when the engine would refuse it. */
  add(record: PersonRecord, source: string): boolean {
    const { refusals, warnings } = checkPersonRecord(record);
    for (const refusal of refusals) this.refused.set(refusal, (this.refused.get(refusal) ?? 0) + 1);
    if (refusals.length > 0) return false;
    for (const { field } of warnings) this.warnings.set(field, (this.warnings.get(field) ?? 0) + 1);
    this.store.commit(this.store.stage(record.record_id, normalisePerson(record, source)));
    return true;
  }

  counts(): TrainingSetCounts {
    return { records: this.size, refused: Object.fromEntries(this.refused), warnings: Object.fromEntries(this.warnings) };
  }
}

/**
 * Estimates a Fellegi–Sunter model from unlabelled records: u from random pairs, m by EM over
 * pairs agreeing on each training rule (u held fixed), λ from the birth-date session and the
 * estimated chance that a true match agrees on birth date, term frequencies from name counts.
 */
export function trainModel(records: Iterable<TrainingRecord> | TrainingSet, options: TrainingOptions = {}): IdentityModel {
  const random = new Random(options.seed ?? 1, 0x7a1);
  const { store } = records instanceof TrainingSet ? records : TrainingSet.of(records);
  const n = store.size;
  if (n < 100) throw new RangeError(`training needs at least 100 records, got ${n}`);

  const randomPairs = options.randomPairs ?? 1_000_000;
  const comparator = new RecordComparator(store);
  const sample = sampleRandomPairs(store, comparator, random, randomPairs);
  const sessions = SESSION_RULES.map((rule) => runSession(store, comparator, rule, sample.u, random, options.maxPairsPerSession ?? 2_000_000));
  const m = combineSessions(sessions);
  const birthDateSession = sessions[0];
  const birthDateRecall = m[BIRTH_DATE][0];
  const matchingPairs = (birthDateSession.summary.estimatedMatchShare * birthDateSession.totalPairs) / birthDateRecall;
  const prior = Math.min(0.5, Math.max(matchingPairs / ((n * (n - 1)) / 2), 1e-12));
  const u = withoutMatches(sample, m, prior);
  const household = runHouseholdSession(store, comparator, m, random, options.maxPairsPerSession ?? 2_000_000);

  const comparisons: ComparisonParameters[] = COMPARISONS.map(({ field, levels }, comparison) => ({
    field,
    levels: levels.map((label, level) => ({
      label,
      m: significant(m[comparison][level]),
      u: significant(u[comparison][level]),
      ...(household && !HOUSEHOLD_RULE.fixed.includes(comparison) ? { uSameAddress: significant(household.u[comparison][level]) } : {}),
    })),
  }));
  return createIdentityModel({
    createdAt: options.createdAt ?? new Date().toISOString(),
    description: options.description ?? `trained on ${n} records`,
    training: {
      records: n,
      randomPairs,
      sessions: [...sessions.map((session) => session.summary), ...(household ? [household.summary] : [])],
      observedShare: Object.fromEntries(COMPARISONS.map(({ field }, comparison) => [field, significant(sample.observed[comparison] / randomPairs)])),
    },
    prior: significant(prior),
    comparisons,
    termFrequencies: {
      given_name: termFrequencies(store, (row) => store.givenName(row), options.minTermCount ?? 3),
      surname: termFrequencies(store, (row) => store.surname(row), options.minTermCount ?? 3),
    },
    twinWeight: options.twinWeight ?? DEFAULT_TWIN_WEIGHT,
    thresholds: options.thresholds ?? DEFAULT_THRESHOLDS,
    maxBlockSize: options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE,
  });
}

/** Fewest records a model is estimated from for the records themselves (`identity link`): fewer hold too few pairs of one person. */
export const MIN_RECORDS_TO_ESTIMATE = 500;
// Each EM session needs enough agreeing pairs to tell its two classes apart.
const MIN_SESSION_PAIRS = 200;

export type Estimate = { readonly ok: true; readonly model: IdentityModel } | { readonly ok: false; readonly reason: string };

/**
 * Estimates a model from the records it is about to be used on (as open linkers do), or says
 * why the data cannot support one: too few records, too few pairs for an EM session, EM that did
 * not converge or found no matches, or a fit in which agreeing on a name or the birth date is not
 * evidence of the same person. The caller then falls back to a model trained elsewhere.
 */
export function estimateModel(set: TrainingSet, options: TrainingOptions = {}): Estimate {
  if (set.size < MIN_RECORDS_TO_ESTIMATE) return { ok: false, reason: `${set.size} records; estimation needs at least ${MIN_RECORDS_TO_ESTIMATE}` };
  const model = trainModel(set, options);
  // The household session is checked as it runs: without it, the model uses u alone.
  for (const session of model.training.sessions.filter(({ blockingRule }) => SESSION_RULES.some(({ name }) => name === blockingRule))) {
    const rule = session.blockingRule.replace('+', ' and ');
    if (session.pairs < MIN_SESSION_PAIRS) return { ok: false, reason: `only ${session.pairs} pairs of records share a ${rule} (EM needs ${MIN_SESSION_PAIRS})` };
    if (!session.converged) return { ok: false, reason: `EM over the pairs sharing a ${rule} did not converge in ${session.iterations} iterations` };
    // Only matches is no failure: in a file without families or namesakes, the pairs sharing a
    // full name are all one person, and they still show how a person's other fields vary.
    if (!(session.estimatedMatchShare > 1e-4)) return { ok: false, reason: `EM over the pairs sharing a ${rule} found no matches` };
  }
  if (!(model.prior > 0 && model.prior < 0.5)) return { ok: false, reason: `the estimated prior ${model.prior} is implausible` };
  for (const comparison of [GIVEN, SURNAME, BIRTH_DATE]) {
    const { field, levels } = model.comparisons[comparison];
    if (!(levels[0].m > levels[0].u)) return { ok: false, reason: `the fit makes an exact ${field} no evidence of the same person (m ${levels[0].m} ≤ u ${levels[0].u})` };
  }
  return { ok: true, model };
}

interface RandomPairSample {
  /** Level shares among random pairs. */
  readonly u: LevelTable;
  /** Pairs in which each comparison was not missing. */
  readonly observed: readonly number[];
}

function sampleRandomPairs(store: RecordStore, comparator: RecordComparator, random: Random, pairs: number): RandomPairSample {
  const counts = emptyLevelTable();
  const levels = new Int8Array(COMPARISON_COUNT);
  for (let pair = 0; pair < pairs; pair++) {
    const a = Math.floor(random.next() * store.size);
    let b = Math.floor(random.next() * (store.size - 1));
    if (b >= a) b++;
    comparator.compare(a, b, levels);
    for (let comparison = 0; comparison < COMPARISON_COUNT; comparison++) {
      const level = levels[comparison];
      if (level !== MISSING) counts[comparison][level]++;
    }
  }
  return {
    // name_order carries no evidence of its own (the name levels do): u = 1 for both levels.
    u: counts.map((levelCounts, comparison) => (comparison === NAME_ORDER ? levelCounts.map(() => 1) : normalise(levelCounts, U_PSEUDO_COUNT))),
    observed: counts.map((levelCounts) => levelCounts.reduce((sum, count) => sum + count, 0)),
  };
}

/**
 * Random pairs include a few true matches (share λ), which inflate u for strong levels: a
 * shared SSN among random pairs is nearly always the same person. Removing their expected
 * share, u = (share - λ·m) / (1 - λ), floored at half a pair.
 */
function withoutMatches(sample: RandomPairSample, m: LevelTable, prior: number): LevelTable {
  return sample.u.map((shares, comparison) => {
    if (comparison === NAME_ORDER) return shares;
    const floor = U_PSEUDO_COUNT / Math.max(1, sample.observed[comparison]);
    const corrected = shares.map((share, level) => Math.max(floor, (share - prior * m[comparison][level]) / (1 - prior)));
    const total = corrected.reduce((sum, value) => sum + value, 0);
    return corrected.map((value) => value / total);
  });
}

interface SessionResult {
  readonly summary: TrainingSession;
  readonly totalPairs: number;
  readonly m: LevelTable;
  readonly fixed: readonly number[];
}

function runSession(store: RecordStore, comparator: RecordComparator, rule: SessionRule, u: LevelTable, random: Random, maxPairs: number): SessionResult {
  const { patterns, totalPairs, comparedPairs } = comparedPatterns(store, comparator, rule, random, maxPairs);
  const estimated = Array.from({ length: COMPARISON_COUNT }, (_, comparison) => !rule.fixed.includes(comparison));
  const { m, matchShare, iterations, converged } = expectationMaximisation(patterns, u, estimated);
  return {
    summary: { blockingRule: rule.name, pairs: comparedPairs, estimatedMatchShare: significant(matchShare), iterations, converged },
    totalPairs,
    m,
    fixed: rule.fixed,
  };
}

/**
 * uSameAddress by EM over the pairs sharing an address, m held at the sessions' estimate; none
 * when too few pairs share one, or EM does not converge (the scorer then uses u alone).
 */
function runHouseholdSession(store: RecordStore, comparator: RecordComparator, m: LevelTable, random: Random, maxPairs: number): { summary: TrainingSession; u: LevelTable } | undefined {
  const { patterns, comparedPairs } = comparedPatterns(store, comparator, HOUSEHOLD_RULE, random, maxPairs);
  if (comparedPairs < MIN_SESSION_PAIRS) return undefined;
  const estimated = Array.from({ length: COMPARISON_COUNT }, (_, comparison) => !HOUSEHOLD_RULE.fixed.includes(comparison));
  const fit = fitMixture(patterns, m, 'u', estimated);
  // Where nearly every pair sharing an address is one person (a file without families), the
  // other class is too thin to estimate: it would be the pseudo-counts' even spread.
  if (!fit.converged || (1 - fit.matchShare) * comparedPairs < MIN_SESSION_PAIRS) return undefined;
  return {
    summary: { blockingRule: HOUSEHOLD_RULE.name, pairs: comparedPairs, estimatedMatchShare: significant(fit.matchShare), iterations: fit.iterations, converged: true },
    u: fit.estimate,
  };
}

/** The comparison patterns of the pairs agreeing on the rule (sampled down to maxPairs), with how many pairs agree. */
function comparedPatterns(
  store: RecordStore,
  comparator: RecordComparator,
  rule: SessionRule,
  random: Random,
  maxPairs: number,
): { patterns: ComparisonPattern[]; totalPairs: number; comparedPairs: number } {
  const { rows, starts } = groupRows(store, rule);
  let totalPairs = 0;
  for (let group = 0; group + 1 < starts.length; group++) {
    const size = starts[group + 1] - starts[group];
    totalPairs += (size * (size - 1)) / 2;
  }
  const keepShare = Math.min(1, maxPairs / Math.max(1, totalPairs));

  // Patterns keep the order they were first seen in (EM sums over them in that order).
  const patterns = new Map<number, { levels: Int8Array; count: number }>();
  const levels = new Int8Array(COMPARISON_COUNT);
  for (let group = 0; group + 1 < starts.length; group++) {
    const end = starts[group + 1];
    for (let i = starts[group]; i < end; i++) {
      for (let j = i + 1; j < end; j++) {
        if (keepShare < 1 && !random.chance(keepShare)) continue;
        comparator.compare(rows[i], rows[j], levels);
        const key = patternKey(levels);
        const pattern = patterns.get(key);
        if (pattern) pattern.count++;
        else patterns.set(key, { levels: Int8Array.from(levels), count: 1 });
      }
    }
  }
  return { patterns: [...patterns.values()], totalPairs, comparedPairs: Math.round(totalPairs * keepShare) };
}

/**
 * The rows that share a key under the rule, group after group: groups in the order their key is
 * first met, rows in row order within a group (`rows` from `starts[g]` to `starts[g + 1]`).
 * In typed arrays: a million records make hundreds of thousands of small groups.
 */
function groupRows(store: RecordStore, rule: SessionRule): { rows: Int32Array; starts: Int32Array } {
  const groupOf = new Int32Array(store.size).fill(-1);
  const groupIds = new Map<number, number>();
  const sizes: number[] = [];
  for (let row = 0; row < store.size; row++) {
    const key = rule.key(store, row);
    if (key === undefined) continue;
    let group = groupIds.get(key);
    if (group === undefined) {
      group = sizes.length;
      groupIds.set(key, group);
      sizes.push(0);
    }
    groupOf[row] = group;
    sizes[group]++;
  }
  const starts = new Int32Array(sizes.length + 1);
  for (let group = 0; group < sizes.length; group++) starts[group + 1] = starts[group] + sizes[group];
  const next = starts.slice(0, sizes.length);
  const rows = new Int32Array(starts[sizes.length]);
  for (let row = 0; row < store.size; row++) if (groupOf[row] >= 0) rows[next[groupOf[row]]++] = row;
  return { rows, starts };
}

// A comparison vector as one integer: each level (MISSING to 6) in three bits.
function patternKey(levels: Int8Array): number {
  let key = 0;
  for (let comparison = 0; comparison < COMPARISON_COUNT; comparison++) key = key * 8 + levels[comparison] + 1;
  return key;
}

/** Comparison vectors seen, each with how many pairs had it. */
export interface ComparisonPattern {
  readonly levels: Int8Array;
  readonly count: number;
}

/**
 * Fits the two-class mixture over comparison patterns by expectation maximisation: m for the
 * comparisons marked estimated, and the share of matches, with u held fixed. Missing levels
 * (MISSING) carry no evidence and are not counted.
 */
export function expectationMaximisation(
  patterns: readonly ComparisonPattern[],
  u: LevelTable,
  estimated: readonly boolean[],
): { m: LevelTable; matchShare: number; iterations: number; converged: boolean } {
  const { estimate, ...fit } = fitMixture(patterns, u, 'm', estimated);
  return { m: estimate, ...fit };
}

/**
 * The two-class mixture with one class's level probabilities known: estimates the other's
 * (m, or u when m is known) for the comparisons marked, and the share of matches.
 */
export function fitMixture(
  patterns: readonly ComparisonPattern[],
  known: LevelTable,
  unknown: 'm' | 'u',
  estimated: readonly boolean[],
): { estimate: LevelTable; matchShare: number; iterations: number; converged: boolean } {
  // Start from "agreement is likely among matches, rare among others": the strongest level gets most (least) of the mass.
  const strongest = unknown === 'm' ? 0.9 : 0.1;
  let estimate: LevelTable = COMPARISONS.map(({ levels }) => Float64Array.from(levels, (_, level) => (level === 0 ? strongest : (1 - strongest) / (levels.length - 1))));
  let matchShare = 0.3;
  for (let iteration = 1; iteration <= EM_MAX_ITERATIONS; iteration++) {
    const classCounts = emptyLevelTable();
    let expectedMatches = 0;
    let total = 0;
    const [m, u] = unknown === 'm' ? [estimate, known] : [known, estimate];
    for (const { levels, count } of patterns) {
      let matchLikelihood = matchShare;
      let nonMatchLikelihood = 1 - matchShare;
      for (let comparison = 0; comparison < COMPARISON_COUNT; comparison++) {
        const level = levels[comparison];
        if (level === MISSING || !estimated[comparison]) continue;
        matchLikelihood *= m[comparison][level];
        nonMatchLikelihood *= u[comparison][level];
      }
      const posterior = matchLikelihood / (matchLikelihood + nonMatchLikelihood);
      const weight = (unknown === 'm' ? posterior : 1 - posterior) * count;
      expectedMatches += posterior * count;
      total += count;
      for (let comparison = 0; comparison < COMPARISON_COUNT; comparison++) {
        const level = levels[comparison];
        if (level !== MISSING) classCounts[comparison][level] += weight;
      }
    }
    const next = classCounts.map((counts) => normalise(counts, unknown === 'm' ? M_PSEUDO_COUNT : U_PSEUDO_COUNT));
    const nextShare = expectedMatches / total;
    let change = Math.abs(nextShare - matchShare);
    next.forEach((levels, comparison) => levels.forEach((value, level) => (change = Math.max(change, Math.abs(value - estimate[comparison][level])))));
    estimate = next;
    matchShare = nextShare;
    if (change < EM_TOLERANCE) return { estimate, matchShare, iterations: iteration, converged: true };
  }
  return { estimate, matchShare, iterations: EM_MAX_ITERATIONS, converged: false };
}

// Each comparison's m is the mean over the sessions that could estimate it.
function combineSessions(sessions: readonly SessionResult[]): LevelTable {
  return COMPARISONS.map(({ levels }, comparison) => {
    const estimating = sessions.filter((session) => !session.fixed.includes(comparison));
    return Float64Array.from(levels, (_, level) => estimating.reduce((sum, session) => sum + session.m[comparison][level], 0) / estimating.length);
  });
}

function termFrequencies(store: RecordStore, nameOf: (row: number) => number, minCount: number): TermFrequencyTable {
  const counts = new Map<number, number>();
  let present = 0;
  for (let row = 0; row < store.size; row++) {
    const name = nameOf(row);
    if (name === MISSING_NAME) continue;
    const joined = store.names.joined(name);
    counts.set(joined, (counts.get(joined) ?? 0) + 1);
    present++;
  }
  const values: Record<string, number> = {};
  [...counts.entries()]
    .filter(([, count]) => count >= minCount)
    .sort(([, a], [, b]) => b - a)
    .forEach(([name, count]) => (values[store.names.text(name)] = significant(count / present)));
  // A name missing from the table was seen fewer than minCount times: about once.
  return { unseen: significant(1 / Math.max(1, present)), values };
}

function emptyLevelTable(): LevelTable {
  return COMPARISONS.map(({ levels }) => new Float64Array(levels.length));
}

function normalise(counts: Float64Array, pseudoCount: number): Float64Array {
  const total = counts.reduce((sum, count) => sum + count, 0) + pseudoCount * counts.length;
  return counts.map((count) => (count + pseudoCount) / total);
}

const significant = (value: number): number => Number(value.toPrecision(6));
