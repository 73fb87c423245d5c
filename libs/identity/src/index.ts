// Identity resolution: one statewide student identifier (SID) per person across agencies.
// Pure and synchronous; the ingest service persists decisions and events.

export { REQUIRED_PERSON_FIELDS, OPTIONAL_PERSON_FIELDS, checkPersonRecord, personRecordProblems, InvalidPersonRecordError, parseSex, parseSsn } from './records/person-record';
export type { PersonRecord, PersonField, PersonRecordCheck, DataQualityWarning, Sex } from './records/person-record';

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
export { explainDecision, waterfall } from './resolver/explanation';
export type { Waterfall, WaterfallStep } from './resolver/explanation';

export { isValidSid, sidFromSerial, dammCheckDigit, SequenceSidAllocator } from './sid/sid';
export type { Sid, SidAllocator } from './sid/sid';

export { createIdentityModel, parseIdentityModel, serialiseIdentityModel, rescaledPrior, InvalidIdentityModelError, MODEL_FORMAT } from './model/identity-model';
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
export { trainModel, estimateModel, MIN_RECORDS_TO_ESTIMATE, TrainingSet, DEFAULT_THRESHOLDS, DEFAULT_TWIN_WEIGHT, DEFAULT_MAX_BLOCK_SIZE } from './model/training';
export type { Estimate, TrainingOptions, TrainingRecord, TrainingSetCounts } from './model/training';
export { modelCard, renderModelCard, expectedAccuracy, EXPECTED_ACCURACY_METHOD, MODEL_CARD_FORMAT } from './model/model-card';
export type { ModelCard, ModelCardLevel, TrainingData, ExpectedAccuracy } from './model/model-card';
export { defaultIdentityModel } from './model/default-model';

export { COMPARISONS } from './scoring/comparisons';
export type { ComparisonField } from './scoring/comparisons';
export { matchProbability } from './scoring/pair-scorer';
export type { FieldEvidence, IdentifierRule } from './scoring/pair-scorer';
export { BLOCKING_RULES } from './blocking/blocking-keys';

export { normaliseName } from './normalisation/names';
export { parseBirthDate } from './normalisation/dates';

export { evaluationRecords, runEvaluation, syntheticTrainingRecords } from './evaluation/run-evaluation';
export type { EvaluationOptions, EvaluationProfile, EvaluationReport, PersonRecords, RecordProfileOptions } from './evaluation/run-evaluation';
export { generatePopulation } from './evaluation/population';
export type { SyntheticPerson, PopulationOptions } from './evaluation/population';
export { DEFAULT_NOISE, SOURCES } from './evaluation/synthetic-records';
export type { NoiseProfile, SourceNoise, SourceName } from './evaluation/synthetic-records';
export { pairwiseMetrics } from './evaluation/pairwise-metrics';
export type { PairwiseMetrics } from './evaluation/pairwise-metrics';
