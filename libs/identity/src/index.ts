// Identity resolution: one statewide student identifier (SID) per person across agencies.
// Pure and synchronous; the ingest service persists decisions and events.

export { REQUIRED_PERSON_FIELDS, OPTIONAL_PERSON_FIELDS, personRecordProblems, InvalidPersonRecordError, parseSex, parseSsn } from './records/person-record';
export type { PersonRecord, PersonField, Sex } from './records/person-record';

export { Resolver } from './resolver/resolver';
export type { ResolverOptions, ResolveOptions, ResolverStats } from './resolver/resolver';
export type {
  CandidateScore,
  Decision,
  IdentityEvent,
  LinkEvent,
  MergeEvent,
  NewSidEvent,
  PersonReference,
  ReviewEvent,
  ReviewReason,
  SplitEvent,
  SplitPart,
  StewardAction,
} from './resolver/events';

export { isValidSid, sidFromSerial, dammCheckDigit, SequenceSidAllocator } from './sid/sid';
export type { Sid, SidAllocator } from './sid/sid';

export { createIdentityModel, parseIdentityModel, serialiseIdentityModel, InvalidIdentityModelError, MODEL_FORMAT } from './model/identity-model';
export type {
  IdentityModel,
  IdentityModelDraft,
  ComparisonParameters,
  LevelParameters,
  TermFrequencyTable,
  DecisionThresholds,
  TrainingSummary,
  TrainingSession,
} from './model/identity-model';
export { trainModel, DEFAULT_THRESHOLDS, DEFAULT_TWIN_WEIGHT, DEFAULT_MAX_BLOCK_SIZE } from './model/training';
export type { TrainingOptions, TrainingRecord } from './model/training';
export { defaultIdentityModel } from './model/default-model';

export { COMPARISONS } from './scoring/comparisons';
export type { ComparisonField } from './scoring/comparisons';
export { matchProbability } from './scoring/pair-scorer';
export type { FieldEvidence, IdentifierRule } from './scoring/pair-scorer';
export { BLOCKING_RULES } from './blocking/blocking-keys';

export { normaliseName } from './normalisation/names';
export { parseBirthDate } from './normalisation/dates';

export { runEvaluation, syntheticTrainingRecords } from './evaluation/run-evaluation';
export type { EvaluationOptions, EvaluationReport } from './evaluation/run-evaluation';
export { generatePopulation } from './evaluation/population';
export type { SyntheticPerson, PopulationOptions } from './evaluation/population';
export { DEFAULT_NOISE, SOURCES } from './evaluation/synthetic-records';
export type { NoiseProfile, SourceNoise, SourceName } from './evaluation/synthetic-records';
export { pairwiseMetrics } from './evaluation/pairwise-metrics';
export type { PairwiseMetrics } from './evaluation/pairwise-metrics';
