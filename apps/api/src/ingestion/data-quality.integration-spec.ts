import type { INestApplication } from '@nestjs/common';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { Role } from '@lantern/governance';
import { createIngestPipeline, HubTopics } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, type HubProducer } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import { bearerFor, testApiSettings } from '../access/testing/access-test-kit';
import { createApi } from '../create-api';
import { inboundMessagesOf } from '../testing/inbound-messages';

const registry = ContractRegistry.default();
const logger = createJsonLogger('data-quality-test', 'warn');

describe('data-quality warnings in the ingestion status (real PostgreSQL and Kafka)', () => {
  let database: MigratedTestDatabase;
  let producer: HubProducer;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    const prefix = testTopicPrefix();
    const topics = new HubTopics(registry, prefix);
    const kafka = createKafka(testKafka(), 'data-quality-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest` }), logger);
    await app.init();

    const participation = (localPersonId: string, person: Record<string, unknown>): Envelope => {
      const example = registry.readExample(registry.contract('partner.serviceParticipation'));
      return { ...example, sourceSystem: 'hhs.case-management', record: { ...(example.record as object), person: { localPersonId, ...person } } };
    };
    const student = (studentUniqueId: string, firstName: string, lastSurname: string, birthDate: string): Envelope => ({
      ...registry.readExample(registry.contract('edfi.student')),
      sourceSystem: 'district-a',
      record: { studentUniqueId, firstName, lastSurname, birthDate },
    });
    const envelopes = [
      student('A-1', 'Lucia', 'Reyes-Okafor', '2009-07-21'),
      // No birth date (the partner contract allows that): resolved on the rest, and counted.
      participation('HHS-1', { firstName: 'Lucia', lastSurname: 'Reyes-Okafor', sexDescriptor: 'uri://lantern.example/SexDescriptor#Female' }),
      // A social security number that is no number: compared as missing, and counted.
      participation('HHS-2', {
        firstName: 'Tomasz',
        lastSurname: 'Wrobel',
        birthDate: '2010-02-14',
        identificationCodes: [{ identificationSystemDescriptor: 'uri://lantern.example/IdentificationSystemDescriptor#SSN', identificationCode: 'not-on-file' }],
      }),
    ];
    const { processor } = createIngestPipeline({ dataSource: database.dataSource, registry, topics, producer, maxMessageBytes: 65536, logger });
    await processor.process(inboundMessagesOf(topics, envelopes, 0));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await database?.drop();
  });

  it('resolves records with a missing birth date or a malformed identification code, and counts them per source and field, never with values', async () => {
    const steward = await bearerFor(app, database.dataSource, Role.Steward, 'sea');
    const status = (await request(app.getHttpServer()).get('/ingest/status').set('Authorization', steward).expect(200)).body;
    expect(status.dataQuality).toEqual([
      {
        sourceSystem: 'hhs.case-management',
        warnings: [
          { field: 'birth_date', records: 1 },
          { field: 'ssn', records: 1 },
        ],
      },
    ]);
    expect(JSON.stringify(status)).not.toMatch(/Lucia|Tomasz|not-on-file/);

    const sidOf = async (sourceSystem: string, localId: string) =>
      (await request(app.getHttpServer()).get('/identity/crosswalk').query({ sourceSystem, localId }).set('Authorization', steward).expect(200)).body;
    expect((await sidOf('hhs.case-management', 'HHS-1')).sid).toBe((await sidOf('district-a', 'A-1')).sid);
    expect((await sidOf('hhs.case-management', 'HHS-2')).decision).toBe('new');
  });
});
