import { ContractRegistry } from '@lantern/contracts';
import { rejectStages } from '@lantern/ingest';
import { instant, list, nullable, object, oneOfText, refTo, text, whole } from '../openapi/schema-builders';

// OpenAPI components of the ingestion routes (libs/ingest's report, replayer and producer registry answer them).

const STAGES = rejectStages(ContractRegistry.default());
const names = (example: string[], description: string) => list(text(example[0]), { example, description });

const PRODUCER = {
  producerId: text('district-255901', { pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$', description: 'No dots: no producer’s topic prefix may be the start of another’s' }),
  sourceSystems: names(['lea-255901.sis'], 'The envelopes’ sourceSystem values it may publish as'),
  agencyIds: names([], 'The agencies its Handle with Care flags may name'),
  educationOrganizationIds: list(text('255901', { pattern: '^[1-9][0-9]{0,17}$' }), {
    example: ['255901'],
    description: 'The districts and schools its records may be about (an enrolment decides who may read a child); a school counts when it or its district is listed',
  }),
};
const LOGIN = {
  username: text('producer-district-255901', { description: 'Its Kafka login (SASL/SCRAM-SHA-512 over TLS)' }),
  topicPrefix: text('src.district-255901.', { description: 'It may write every topic starting with this, and nothing else' }),
};

export const INGESTION_SCHEMAS = {
  IngestionStatus: object({
    consumerGroup: text('lantern-ingest'),
    topics: list(object({ topic: text('ingest.k12.student.v1'), consumerLag: whole(0, { description: 'Messages the ingest group has not consumed yet' }) })),
    sources: list(
      object({
        topic: text('ingest.k12.student.v1'),
        sourceSystem: text('lea-255901.sis'),
        received: whole(2),
        stored: whole(1),
        duplicates: whole(0),
        rejected: whole(1),
        parked: whole(0),
        lastMessageAt: nullable(instant()),
        lastRejectAt: nullable(instant()),
      }),
    ),
    parked: list(
      object({
        contractId: text('edfi.studentSchoolAssociation'),
        sourceSystem: text('lea-255901.sis'),
        waitingFor: text('edfi.student', { description: 'The contract of the record it references that has not arrived' }),
        records: whole(3),
        oldestArrivedAt: instant(),
      }),
    ),
    dataQuality: list(
      object({
        sourceSystem: text('lea-255901.sis'),
        warnings: list(object({ field: text('birth_date', { description: 'An identity field compared as missing' }), records: whole(12) })),
      }),
    ),
  }),
  IngestionHistory: object({
    hours: list(
      object({
        hour: instant('2026-09-01T08:00:00.000Z', { description: 'The hour’s start' }),
        received: whole(120),
        stored: whole(112, { description: 'Including parked records released in this hour' }),
        duplicates: whole(3),
        rejected: whole(5),
        parked: whole(2, { description: 'Newly parked in this hour' }),
      }),
    ),
  }),
  RejectPage: object({
    rejects: list(
      object({
        id: whole(42),
        topic: text('ingest.k12.student.v1'),
        partition: whole(2),
        offset: text('42'),
        sourceSystem: nullable(text('lea-255901.sis')),
        contractId: nullable(text('edfi.student')),
        stage: oneOfText(STAGES, 'schema'),
        errorPath: text('/record/birthDate'),
        errorMessage: text("must have required property 'birthDate'"),
        arrivedAt: instant(),
        replayedAt: nullable(instant(null)),
      }),
    ),
    nextBeforeId: nullable(whole(41, { description: 'Pass as beforeId for the next page; null on the last' })),
  }),
  ReplayRequest: object({ ids: list(whole(42, { minimum: 1 }), { minItems: 1, maxItems: 1000, example: [42, 43] }) }),
  ReplayResult: object({ replayed: list(whole(42), { example: [42] }), notFound: list(whole(43), { example: [43], description: 'Ids with no reject' }) }),
  ProducerRegistration: object(PRODUCER, { optional: ['agencyIds', 'educationOrganizationIds'] }),
  RegisteredProducerLogin: object({
    ...PRODUCER,
    ...LOGIN,
    password: text('3q7N…', { description: 'Shown once' }),
    topics: names(['src.district-255901.ingest.k12.student.v1'], 'Its own topics, one per contract'),
  }),
  ProducingSystems: object({
    producers: list(object({ ...PRODUCER, ...LOGIN, registeredBy: text('cl-steward-1'), registeredAt: instant() })),
  }),
};

export const ingestionSchema = refTo(INGESTION_SCHEMAS);
