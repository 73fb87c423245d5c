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
const logger = createJsonLogger('ingestion-history-test', 'warn');

describe('ingestion hour by hour (real PostgreSQL and Kafka)', () => {
  let database: MigratedTestDatabase;
  let producer: HubProducer;
  let app: INestApplication;
  let steward: string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    const prefix = testTopicPrefix();
    const topics = new HubTopics(registry, prefix);
    const kafka = createKafka(testKafka(), 'ingestion-history-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest` }), logger);
    await app.init();
    steward = await bearerFor(app, database.dataSource, Role.Steward, 'sea');

    const student = (sourceSystem: string, record: Record<string, string>): Envelope => ({ ...registry.readExample(registry.contract('edfi.student')), sourceSystem, record });
    const enrolment = registry.readExample(registry.contract('edfi.studentSchoolAssociation'));
    const { processor } = createIngestPipeline({ dataSource: database.dataSource, registry, topics, producer, maxMessageBytes: 65536, logger });
    await processor.process(
      inboundMessagesOf(
        topics,
        [
          student('district-a', { studentUniqueId: 'A-1', firstName: 'Lucia', lastSurname: 'Reyes', birthDate: '2009-07-21' }),
          student('district-a', { studentUniqueId: 'A-2', firstName: 'Tomasz', lastSurname: 'Wrobel', birthDate: '2010-02-14' }),
          // No birth date: rejected.
          student('district-a', { studentUniqueId: 'A-3', firstName: 'Ines', lastSurname: 'Haddad' }),
          student('district-b', { studentUniqueId: 'B-1', firstName: 'Kofi', lastSurname: 'Mensah', birthDate: '2011-03-30' }),
        ],
        0,
      ),
    );
    // An enrolment of a student and at a school the hub has not had: parked.
    await processor.process(inboundMessagesOf(topics, [{ ...enrolment, sourceSystem: 'district-a' }], 10));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await database?.drop();
  });

  const history = (query: Record<string, string | number>) => request(app.getHttpServer()).get('/ingest/history').query(query).set('Authorization', steward);

  it('counts the messages in their hour as received, stored, rejected and parked, the hours before as zeros', async () => {
    const { hours } = (await history({ hours: 3 }).expect(200)).body;
    expect(hours).toHaveLength(3);
    expect(new Date(hours[2].hour).getTime()).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - new Date(hours[2].hour).getTime()).toBeLessThan(3_600_000);
    expect(new Date(hours[2].hour).getTime() - new Date(hours[0].hour).getTime()).toBe(2 * 3_600_000);
    // Summed, in case the hour turned since the messages arrived.
    const total = (count: 'received' | 'stored' | 'duplicates' | 'rejected' | 'parked') => hours.reduce((sum: number, hour: Record<string, number>) => sum + hour[count], 0);
    expect({ received: total('received'), stored: total('stored'), duplicates: total('duplicates'), rejected: total('rejected'), parked: total('parked') }).toEqual({
      received: 5,
      stored: 3,
      duplicates: 0,
      rejected: 1,
      parked: 1,
    });
    expect(hours[0]).toMatchObject({ received: 0, stored: 0, duplicates: 0, rejected: 0, parked: 0 });
  });

  it('counts one source system’s only, when asked', async () => {
    const { hours } = (await history({ hours: 2, sourceSystem: 'district-b' }).expect(200)).body;
    const received = hours.map((hour: { received: number }) => hour.received);
    expect(received.reduce((sum: number, count: number) => sum + count, 0)).toBe(1);
    expect(hours.reduce((sum: number, hour: { stored: number }) => sum + hour.stored, 0)).toBe(1);
  });

  it('refuses more than a week of hours', async () => {
    const response = await history({ hours: 169 }).expect(400);
    expect(response.body.detail).toMatch(/hours/);
  });
});
