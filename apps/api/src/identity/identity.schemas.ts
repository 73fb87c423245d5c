import type { SchemaObject } from '@nestjs/swagger';
import { storedVersion } from '../openapi/shared.schemas';
import { anyJson, decimal, flag, instant, list, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the identity stewardship routes (libs/identity-service answers them;
// libs/identity defines the matching engine's fields, weights and model card).

const COMPARISON_FIELDS = ['given_name', 'surname', 'middle_name', 'birth_date', 'sex', 'residence', 'ssn', 'local_id', 'name_order'];
const EXPLANATION_FIELDS = [...COMPARISON_FIELDS, 'prior', 'twin_rule', 'family_rule'];
const sid = (example = '20000000017', extra = {}) => text(example, { description: 'Statewide student identifier: 11 digits with its check digit', ...extra });
const localRecord = object({ sourceSystem: text('lea-255901.sis'), localId: text('S-100') });

const explanation = nullable(
  object(
    {
      steps: list(
        object({
          field: oneOfText(EXPLANATION_FIELDS, 'birth_date'),
          level: text('exact'),
          weight: decimal(6.1, { description: 'Bits for (or against, when negative) the same person' }),
          total: decimal(1.4, { description: 'Running total after this step' }),
        }),
      ),
      score: decimal(14.2),
      probability: decimal(0.9998),
    },
    { description: 'The match weights as a waterfall: the prior, then each comparison' },
  ),
);
const person = (description: string) => anyJson({ record_id: '["lea-255901.sis","S-101"]', first_name: 'Dorothy', last_name: 'Vaughan', birth_date: '2013-09-20' }, description);
const REVIEW_FIELDS = {
  id: whole(5),
  reason: text('given_names_disagree'),
  createdAt: instant(),
  record: object({ sourceSystem: text('lea-255901.sis'), localId: text('S-101'), provisionalSid: sid('20000000025'), person: person('The record’s identity fields') }),
  candidates: list(
    object({
      sid: sid(),
      score: decimal(9.1),
      evidence: list(object({ field: oneOfText(EXPLANATION_FIELDS, 'surname'), level: text('exact'), weight: decimal(8.2) })),
      explanation,
      records: list(object({ sourceSystem: text('lea-255902.sis'), localId: text('S-7'), person: person('Identity fields of a record under the candidate SID') }), {
        description: 'The records under the candidate SID, the reviewed record left out',
      }),
    }),
  ),
};
const REVIEW = object(REVIEW_FIELDS);
const sidRecords = (description: string) =>
  list(
    object({
      sourceSystem: text('lea-255902.sis'),
      localId: text('S-7'),
      person: person('The record’s identity fields'),
      originalSid: sid('20000000025', { description: 'The SID the record was first given' }),
    }),
    { description },
  );
const MERGE = {
  type: oneOfText(['merge']),
  sid: sid(),
  survivor: sid(),
  retired: sid('20000000025', { description: 'Never reused: lookups of it lead to the survivor' }),
  records: list(localRecord, { description: 'The records that moved to the survivor' }),
};

const MODEL_VERSION = {
  version: whole(3),
  modelId: text('im-4f1c2b9e8d47a4a3', { pattern: '^im-[0-9a-f]{16}$' }),
  trainedBy: text('cl-steward-1'),
  trainedAt: instant(),
  active: flag(false),
};
const MODEL: SchemaObject = object({
  ...MODEL_VERSION,
  card: object(
    {
      format: oneOfText(['lantern-identity-model-card/1']),
      modelId: text('im-4f1c2b9e8d47a4a3'),
      createdAt: instant(),
      description: text('Trained on the crosswalk’s person records'),
      data: object({
        inputs: list(object({ name: text('crosswalk'), rows: whole(48210), records: whole(48210) })),
        records: whole(48210),
        refused: { type: 'object', additionalProperties: whole(0), example: { 'missing birth_date': 12 }, description: 'Records left out, by reason' },
        warnings: { type: 'object', additionalProperties: whole(0), example: { middle_name: 20411 }, description: 'Records with a field missing, by field' },
      }),
      prior: object({ lambda: decimal(0.00002), trainingRecords: whole(48210), matchesPerRecord: decimal(1), weight: decimal(-15.6) }),
      thresholds: object({ link: decimal(0.99), review: decimal(0.8) }),
      twinWeight: decimal(-8),
      maxBlockSize: whole(500),
      comparisons: list(
        object({
          field: oneOfText(COMPARISON_FIELDS, 'birth_date'),
          observedShare: nullable(decimal(0.98)),
          levels: list(
            object(
              {
                label: text('exact'),
                m: decimal(0.95),
                u: decimal(0.0003),
                weight: decimal(11.6),
                atOneAddress: object(
                  { u: decimal(0.02), weight: decimal(5.6) },
                  { description: 'Between records at one address, where the other people are household members: u among them and the weight it gives' },
                ),
              },
              { optional: ['atOneAddress'] },
            ),
          ),
        }),
      ),
      termFrequencies: anyJson(
        { given_name: { names: 5120, unseen: 0.02, weightRange: [-1.2, 4.8] }, surname: { names: 11840, unseen: 0.04, weightRange: [-1.5, 6.1] } },
        'Per name field: names seen, the unseen share, the weight range',
      ),
      estimation: object({
        randomPairs: whole(1000000),
        sessions: list(object({ blockingRule: text('birth_date'), pairs: whole(220431), estimatedMatchShare: decimal(0.2), iterations: whole(14), converged: flag(true) })),
      }),
      expected: object({
        records: whole(48210),
        precision: decimal(0.998),
        recall: decimal(0.991),
        reviewShare: decimal(0.004),
        falseLinkPairs: decimal(6.8),
        method: text('held-out synthetic pairs'),
      }),
    },
    { description: 'What the model is, what it saw, and how well it is expected to do' },
  ),
});

export const IDENTITY_SCHEMAS = {
  CrosswalkEntry: object({
    sourceSystem: text('lea-255901.sis'),
    localId: text('S-100'),
    sid: sid(),
    decision: oneOfText(['link', 'new', 'review', 'statewide-id'], 'link'),
    score: nullable(decimal(14.2)),
    modelId: text('im-4f1c2b9e8d47a4a3'),
    explanation,
    linkedAt: instant(),
  }),
  SidRecords: object({ sid: sid(), records: list(storedVersion) }),
  IdentityReviewPage: object({
    reviews: list(REVIEW),
    total: whole(12, { description: 'Open reviews matching the filter, on every page' }),
    nextAfterId: nullable(whole(25, { description: 'Pass as afterId for the next page; null on the last' })),
    sourceSystems: list(object({ sourceSystem: text('lea-255901.sis'), open: whole(7) }), {
      description: 'Open reviews per source system, whatever the filter: what the queue can be filtered by',
    }),
  }),
  IdentityReview: object({
    ...REVIEW_FIELDS,
    status: oneOfText(['open', 'accepted', 'rejected']),
    decidedBy: nullable(text(null)),
    decidedAt: nullable(instant(null)),
    model: object(
      {
        modelId: text('im-38c5ab589a1b2ee0'),
        version: nullable(whole(3, { description: 'The trained version; null for the shipped model' })),
        thresholds: nullable(
          object({
            link: decimal(6, { description: 'Bits at or above which a record links' }),
            review: decimal(0, { description: 'Bits at or above which, when not linking, a steward reviews' }),
          }),
        ),
      },
      { description: 'The model whose decision opened the review; thresholds null when the hub does not hold that model' },
    ),
  }),
  AcceptReview: object({ sid: sid() }),
  ReviewAccepted: object({ ...MERGE, reviewId: whole(5) }),
  ReviewRejected: object({
    type: oneOfText(['new'], 'new', { description: 'The record keeps its own SID' }),
    sid: sid('20000000025'),
    reviewId: whole(5),
    sourceSystem: text('lea-255901.sis'),
    localId: text('S-101'),
    notSameAs: list(sid(), { example: ['20000000017'] }),
  }),
  MergeSids: object({ survivor: sid(), retired: sid('20000000025') }),
  SidsMerged: object(MERGE),
  SidCrosswalk: object({ sid: sid(), records: sidRecords('The source records under the SID, oldest first') }),
  MergePreview: object({
    survivor: sid(),
    retired: sid('20000000025'),
    moving: sidRecords('The retired SID’s records: all of them would move to the survivor'),
    staying: sidRecords('The records the survivor holds already'),
    redirected: list(sid('20000000033'), { description: 'SIDs merged into the retired one before: they would lead to the survivor too' }),
  }),
  SplitPreview: object({
    sid: sid(),
    target: object(
      {
        kind: oneOfText(['restored', 'new'], 'restored'),
        sid: nullable(sid('20000000025', { description: 'The SID given back; null when a new SID would be made (it is numbered only by the split)' })),
      },
      { description: 'Where the named records would go: back to the SID a merge took them from when they all came from one, else a new SID' },
    ),
    moving: sidRecords('The named records: they would move'),
    staying: sidRecords('The records that would stay on the SID'),
  }),
  SplitSid: object({ sid: sid(), records: list(localRecord, { minItems: 1, maxItems: 500, description: 'The records that are someone else' }) }),
  SidSplit: object({
    type: oneOfText(['split']),
    sid: sid(),
    parts: list(
      object(
        { sid: sid(), kept: flag(true), restored: flag(false, { description: 'A SID merged away before, given back' }), records: list(localRecord) },
        { optional: ['kept', 'restored', 'records'], description: 'The SID that keeps the other records (kept), or one the named records moved to' },
      ),
    ),
  }),
  IdentityModel: MODEL,
  IdentityModels: object({
    activeModelId: text('im-4f1c2b9e8d47a4a3'),
    versions: list(object({ ...MODEL_VERSION, records: whole(48210), expected: object({ precision: decimal(0.998), recall: decimal(0.991) }) })),
  }),
};

export const identitySchema = refTo(IDENTITY_SCHEMAS);
