import type { IdentityModel } from '../model/identity-model';
import { Random } from '../model/seeded-random';
import type { TrainingRecord } from '../model/training';
import type { ReviewReason } from '../resolver/events';
import { Resolver, type ResolverStats } from '../resolver/resolver';
import { harshRecordCount, renderHarshRecord } from './harsh-records';
import { pairwiseMetrics, type PairwiseMetrics } from './pairwise-metrics';
import { generatePopulation, type SyntheticPerson } from './population';
import { type PersonRecord, personRecordProblems } from '../records/person-record';
import { DEFAULT_NOISE, type NoiseProfile, planRecords, renderRecord } from './synthetic-records';

/**
 * Which records the people have: `default`, the six sources of synthetic-records.ts (the figures
 * in docs/identity-model.md); `harsh`, harsh-records.ts (heavier noise: up to three corrupted
 * fields per record, missing birth dates), written independently of the first.
 */
export type EvaluationProfile = 'default' | 'harsh';

export interface RecordProfileOptions {
  readonly profile?: EvaluationProfile;
  /** Default profile: the sources' error rates. */
  readonly noise?: NoiseProfile;
  /** Harsh profile: every record carries an identification code. */
  readonly identificationCodes?: boolean;
}

export interface PersonRecords {
  count(person: SyntheticPerson): number;
  record(person: SyntheticPerson, ordinal: number): { readonly record: PersonRecord; readonly source: string };
}

/** Each person's records under a profile: how many, and each by its ordinal (the first is the person as they are). */
export function evaluationRecords(seed: number, options: RecordProfileOptions): PersonRecords {
  if (options.profile === 'harsh') {
    const harsh = { identificationCodes: options.identificationCodes ?? false };
    return { count: (person) => harshRecordCount(person, seed), record: (person, ordinal) => renderHarshRecord(person, ordinal, seed, harsh) };
  }
  const noise = options.noise ?? DEFAULT_NOISE;
  const plansOf = (person: SyntheticPerson) => planRecords(person, seed, undefined, noise);
  return { count: (person) => plansOf(person).length, record: (person, ordinal) => renderRecord(person, plansOf(person)[ordinal], ordinal, seed, noise) };
}

export interface EvaluationOptions extends RecordProfileOptions {
  readonly people: number;
  readonly seed?: number;
  readonly model: IdentityModel;
  /** Share of incremental records whose candidate set is checked for the true SID (not timed). */
  readonly blockingRecallSample?: number;
  /** Bytes in use after a full garbage collection; when given, the index's memory is measured. */
  readonly measureMemory?: () => number;
  readonly onProgress?: (message: string) => void;
}

export interface EvaluationReport extends PairwiseMetrics {
  readonly people: number;
  readonly records: number;
  /** First records of every person, resolved to fill the index. */
  readonly loadRecords: number;
  /** Further records, resolved against an index that already holds everyone. */
  readonly incrementalRecords: number;
  readonly decisions: Readonly<Record<'link' | 'new' | 'review', number>>;
  /** Records that came with at least one data-quality warning (a field compared as missing). */
  readonly recordsWithWarnings: number;
  /** Records refused (no name and no identifier): each stands alone. */
  readonly refused: number;
  readonly reviewReasons: Readonly<Record<ReviewReason, number>>;
  readonly twinPairs: number;
  /** Twin pairs with a record of each twin under one SID (must be 0). */
  readonly mergedTwinPairs: number;
  /** Share of sampled incremental records whose person's SID was among the candidates. */
  readonly blockingRecall?: number;
  readonly loadRecordsPerSecond: number;
  /** Incremental resolution speed: records / time spent inside Resolver.resolve. */
  readonly recordsPerSecond: number;
  readonly indexBytes?: number;
  readonly stats: ResolverStats;
}

/**
 * Resolves a synthetic population through a fresh Resolver and scores the result against the
 * ground truth. Every person's first record is resolved first (the index then holds all of
 * them), then every further record in random order, which is the measured incremental load.
 * Records under review count as unlinked.
 */
export function runEvaluation(options: EvaluationOptions): EvaluationReport {
  const seed = options.seed ?? 2026;
  const people = generatePopulation({ people: options.people, seed });
  const records = evaluationRecords(seed, options);
  const recordOf = (person: SyntheticPerson, ordinal: number) => records.record(person, ordinal);

  const order = new Random(seed, 0x0de);
  const firstRecords = order.shuffle(Int32Array.from(people, (person) => person.id));
  const furtherRecords = order.shuffle(Int32Array.from(people.flatMap((person) => Array.from({ length: records.count(person) - 1 }, (_, index) => person.id * 16 + index + 1))));

  const memoryBefore = options.measureMemory?.();
  const resolver = new Resolver({ model: options.model, expectedRecords: firstRecords.length + furtherRecords.length });
  const decisions = { link: 0, new: 0, review: 0 };
  let recordsWithWarnings = 0;
  let refused = 0;
  const reviewReasons: Record<ReviewReason, number> = { grey_zone: 0, bridge: 0, given_names_disagree: 0, family_evidence_only: 0 };
  const resolveTimed = (person: SyntheticPerson, ordinal: number): number => {
    const { record, source } = recordOf(person, ordinal);
    if (personRecordProblems(record).length > 0) {
      refused++;
      return 0;
    }
    const started = performance.now();
    const decision = resolver.resolve(record, { source });
    const elapsed = performance.now() - started;
    decisions[decision.type]++;
    if (decision.warnings.length > 0) recordsWithWarnings++;
    if (decision.type === 'review') reviewReasons[decision.reason]++;
    return elapsed;
  };

  let loadMilliseconds = 0;
  firstRecords.forEach((id, index) => {
    loadMilliseconds += resolveTimed(people[id], 0);
    if ((index + 1) % 100_000 === 0) options.onProgress?.(`loaded ${index + 1} people`);
  });
  let incrementalMilliseconds = 0;
  let sampled = 0;
  let found = 0;
  const sampleEvery = options.blockingRecallSample ? Math.round(1 / options.blockingRecallSample) : 0;
  furtherRecords.forEach((code, index) => {
    const person = people[code >> 4];
    const ordinal = code & 15;
    if (sampleEvery > 0 && index % sampleEvery === 0) {
      const trueSid = resolver.sidOf(recordOf(person, 0).record.record_id);
      const { record, source } = recordOf(person, ordinal);
      if (trueSid !== undefined && personRecordProblems(record).length === 0) {
        sampled++;
        if (resolver.candidates(record, { source }).some((candidate) => candidate.sid === trueSid)) found++;
      }
    }
    incrementalMilliseconds += resolveTimed(person, ordinal);
    if ((index + 1) % 100_000 === 0) options.onProgress?.(`resolved ${index + 1} further records`);
  });
  const indexBytes = memoryBefore === undefined || options.measureMemory === undefined ? undefined : options.measureMemory() - memoryBefore;

  // Labels: true person, and predicted SID (records under review each stand alone).
  const recordCount = firstRecords.length + furtherRecords.length;
  const truth = new Int32Array(recordCount);
  const predicted = new Int32Array(recordCount);
  const sidNumbers = new Map<string, number>();
  const sidsOfPerson = new Map<number, Set<number>>();
  let row = 0;
  for (const person of people) {
    const count = records.count(person);
    for (let ordinal = 0; ordinal < count; ordinal++) {
      const sid = resolver.sidOf(recordOf(person, ordinal).record.record_id);
      let label = recordCount + row;
      if (sid !== undefined) {
        label = sidNumbers.get(sid) ?? sidNumbers.size;
        sidNumbers.set(sid, label);
      }
      truth[row] = person.id;
      predicted[row] = label;
      if (person.twin !== undefined) sidsOfPerson.set(person.id, (sidsOfPerson.get(person.id) ?? new Set()).add(label));
      row++;
    }
  }
  const twins = people.filter((person) => person.twin !== undefined && person.id < person.twin);
  const mergedTwinPairs = twins.filter((person) => [...(sidsOfPerson.get(person.id) ?? [])].some((label) => sidsOfPerson.get(person.twin as number)?.has(label))).length;

  return {
    ...pairwiseMetrics(truth, predicted),
    people: people.length,
    records: recordCount,
    loadRecords: firstRecords.length,
    incrementalRecords: furtherRecords.length,
    decisions,
    recordsWithWarnings,
    refused,
    reviewReasons,
    twinPairs: twins.length,
    mergedTwinPairs,
    ...(sampled > 0 ? { blockingRecall: found / sampled } : {}),
    loadRecordsPerSecond: firstRecords.length / (loadMilliseconds / 1000),
    recordsPerSecond: furtherRecords.length / (incrementalMilliseconds / 1000),
    ...(indexBytes !== undefined ? { indexBytes } : {}),
    stats: resolver.stats(),
  };
}

/** Unlabelled training records from a population drawn with its own seed. */
export function* syntheticTrainingRecords(people: number, seed: number, options: RecordProfileOptions = {}): Generator<TrainingRecord> {
  const records = evaluationRecords(seed, options);
  for (const person of generatePopulation({ people, seed })) {
    const count = records.count(person);
    for (let ordinal = 0; ordinal < count; ordinal++) {
      const { record, source } = records.record(person, ordinal);
      yield { record, source };
    }
  }
}
