import { createHash } from 'node:crypto';
import { COMPARISONS, type ComparisonField } from '../scoring/comparisons';

export const MODEL_FORMAT = 'lantern-identity-model/1';

export interface LevelParameters {
  readonly label: string;
  /** P(level | same person). */
  readonly m: number;
  /** P(level | different people); 1 for name_order, whose evidence the name levels carry. */
  readonly u: number;
  /**
   * P(level | different people at one address): a household's members share surname and address
   * and rarely a given name or birth date, so agreement means something else among them. Used
   * when the residence agrees; absent for residence itself, and in models estimated before it.
   */
  readonly uSameAddress?: number;
}

export interface ComparisonParameters {
  readonly field: ComparisonField;
  readonly levels: readonly LevelParameters[];
}

/** Share of records carrying each value, so an exact match on a rare name weighs more. */
export interface TermFrequencyTable {
  /** Used for values not in the table (rarer than any listed). */
  readonly unseen: number;
  readonly values: Readonly<Record<string, number>>;
}

export interface TrainingSession {
  /** Pairs compared: those agreeing on this rule, whose own fields cannot be estimated from them. */
  readonly blockingRule: string;
  readonly pairs: number;
  readonly estimatedMatchShare: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export interface TrainingSummary {
  readonly records: number;
  readonly randomPairs: number;
  readonly sessions: readonly TrainingSession[];
  /**
   * Share of random pairs in which each comparison could be made (both records carry the
   * field): what the model card's expected accuracy assumes. Absent in models trained before it.
   */
  readonly observedShare?: Readonly<Partial<Record<ComparisonField, number>>>;
}

export interface DecisionThresholds {
  /** Match weight (bits) at or above which a record links automatically. */
  readonly link: number;
  /** Match weight at or above which, when not linking, a steward reviews instead of a new SID. */
  readonly review: number;
}

/**
 * A Fellegi–Sunter model, stored as JSON and reloaded unchanged. `id` is a hash of everything
 * else except createdAt, so equal parameters have one id and any edit changes it; every decision
 * names the model id that made it.
 */
export interface IdentityModel {
  readonly format: typeof MODEL_FORMAT;
  readonly id: string;
  readonly createdAt: string;
  readonly description: string;
  readonly training: TrainingSummary;
  /** λ: probability that two records drawn at random are the same person. */
  readonly prior: number;
  readonly comparisons: readonly ComparisonParameters[];
  readonly termFrequencies: { readonly given_name: TermFrequencyTable; readonly surname: TermFrequencyTable };
  /** Added when surname, birth date and address agree but given names do not: likely twins. */
  readonly twinWeight: number;
  readonly thresholds: DecisionThresholds;
  /** Blocking keys shared by more entities than this are skipped as too common to discriminate. */
  readonly maxBlockSize: number;
}

/**
 * λ rescaled to an ID space of `records` records: each record has about λ·(n−1) matches among
 * the n training records, so the chance per pair falls as 1/(records−1). Never above λ.
 */
export function rescaledPrior(model: IdentityModel, records: number): number {
  const trained = model.training.records;
  return (model.prior * (trained - 1)) / (Math.max(trained, records) - 1);
}

export type IdentityModelDraft = Omit<IdentityModel, 'id' | 'format'>;

export function createIdentityModel(draft: IdentityModelDraft): IdentityModel {
  const withoutId = { format: MODEL_FORMAT, ...draft } as const;
  return { ...withoutId, id: modelIdOf(withoutId) };
}

export function serialiseIdentityModel(model: IdentityModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

export class InvalidIdentityModelError extends Error {
  constructor(reason: string) {
    super(`invalid identity model: ${reason}`);
    this.name = 'InvalidIdentityModelError';
  }
}

/**
 * Reads a stored model, refusing one whose comparisons do not match this engine's or whose
 * content no longer matches its id: a silently different model would silently change links.
 */
export function parseIdentityModel(input: string | unknown): IdentityModel {
  const model = (typeof input === 'string' ? JSON.parse(input) : input) as IdentityModel;
  const fail = (reason: string): never => {
    throw new InvalidIdentityModelError(reason);
  };
  if (typeof model !== 'object' || model === null) fail('not an object');
  if (model.format !== MODEL_FORMAT) fail(`format must be ${MODEL_FORMAT}`);
  if (!isProbability(model.prior)) fail('prior must be in (0, 1]');
  if (!Array.isArray(model.comparisons) || model.comparisons.length !== COMPARISONS.length) fail('comparisons do not match this engine');
  COMPARISONS.forEach((expected, index) => {
    const actual = model.comparisons[index];
    if (actual?.field !== expected.field) fail(`comparison ${index} must be ${expected.field}`);
    const labels = actual.levels?.map((level) => level.label);
    if (JSON.stringify(labels) !== JSON.stringify(expected.levels)) fail(`${expected.field} levels must be ${expected.levels.join(', ')}`);
    for (const level of actual.levels) {
      if (!isProbability(level.m) || !isProbability(level.u)) fail(`${expected.field}.${level.label}: m and u must be in (0, 1]`);
      if (level.uSameAddress !== undefined && !isProbability(level.uSameAddress)) fail(`${expected.field}.${level.label}: uSameAddress must be in (0, 1]`);
    }
  });
  for (const field of ['given_name', 'surname'] as const) {
    const table = model.termFrequencies?.[field];
    if (!table || !isProbability(table.unseen) || typeof table.values !== 'object') fail(`termFrequencies.${field} is malformed`);
  }
  const { link, review } = model.thresholds ?? {};
  if (!Number.isFinite(link) || !Number.isFinite(review) || review > link) fail('thresholds need finite link ≥ review');
  if (!Number.isFinite(model.twinWeight) || model.twinWeight > 0) fail('twinWeight must be a negative weight');
  if (!Number.isInteger(model.maxBlockSize) || model.maxBlockSize < 1) fail('maxBlockSize must be a positive integer');
  const { id, ...withoutId } = model;
  if (id !== modelIdOf(withoutId)) fail('content does not match its id (edited after creation?)');
  return model;
}

function isProbability(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value <= 1;
}

function modelIdOf(withoutId: Omit<IdentityModel, 'id'>): string {
  const { createdAt: _createdAt, ...parameters } = withoutId;
  return `im-${createHash('sha256').update(canonicalJson(parameters)).digest('hex').slice(0, 16)}`;
}

// Keys sorted at every level, so the id does not depend on property order.
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
