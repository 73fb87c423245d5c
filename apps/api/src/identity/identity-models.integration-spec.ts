import type { INestApplication } from '@nestjs/common';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { Role } from '@lantern/governance';
import { defaultIdentityModel, generatePopulation, type SyntheticPerson } from '@lantern/identity';
import { createIngestPipeline, HubTopics, type IngestBatchProcessor } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, type HubProducer } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { accessTokenFor, registerTestClient, type TestClient, testApiSettings } from '../access/testing/access-test-kit';
import { createApi } from '../create-api';
import { inboundMessagesOf } from '../testing/inbound-messages';

const registry = ContractRegistry.default();
const logger = createJsonLogger('identity-models-test', 'warn');

describe('identity model versions: retrain from the crosswalk, review the card, activate (real PostgreSQL and Kafka)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let producer: HubProducer;
  let app: INestApplication;
  let steward: string;
  let stewardClient: TestClient;
  let topics: HubTopics;
  let ingest: IngestBatchProcessor;
  let offset = 0;

  const isoDate = (key: number) => `${Math.floor(key / 10_000)}-${String(Math.floor(key / 100) % 100).padStart(2, '0')}-${String(key % 100).padStart(2, '0')}`;
  const student = (sourceSystem: string, id: string, person: Pick<SyntheticPerson, 'givenName' | 'surname' | 'birthDate'>): Envelope => ({
    ...registry.readExample(registry.contract('edfi.student')),
    sourceSystem,
    eventTime: new Date(Date.UTC(2026, 0, 1) + offset * 1000).toISOString(),
    record: { studentUniqueId: id, firstName: person.givenName, lastSurname: person.surname, birthDate: isoDate(person.birthDate) },
  });
  const deliver = (envelopes: Envelope[]) => {
    const messages = inboundMessagesOf(topics, envelopes, offset);
    offset += envelopes.length;
    return ingest.process(messages);
  };
  const api = () => request(app.getHttpServer());
  const crosswalk = async (sourceSystem: string, localId: string) => (await api().get('/identity/crosswalk').query({ sourceSystem, localId }).set('Authorization', steward).expect(200)).body;

  // Two districts that share most of their pupils: 150 people, 240 person records.
  const people = generatePopulation({ people: 150, seed: 3 });

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    const prefix = testTopicPrefix();
    topics = new HubTopics(registry, prefix);
    const kafka = createKafka(testKafka(), 'identity-models-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    app = await createApi(testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest` }), logger);
    await app.init();
    stewardClient = await registerTestClient(dataSource, Role.Steward, 'sea');
    steward = `Bearer ${await accessTokenFor(app, stewardClient)}`;
    ingest = createIngestPipeline({ dataSource, registry, topics, producer, maxMessageBytes: 65536, logger }).processor;
    await deliver(people.map((person) => student('district-a', `A-${person.id}`, person)));
    await deliver(people.filter((person) => person.id % 5 < 3).map((person) => student('district-b', `B-${person.id}`, person)));
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await database?.drop();
  });

  it('trains a version with its card, keeps the model in force until a steward activates it, then records the new model on every decision', async () => {
    const shipped = defaultIdentityModel().id;
    const trained = (await api().post('/identity/models').set('Authorization', steward).expect(201)).body;
    expect(trained).toMatchObject({ version: 1, active: false, card: { modelId: trained.modelId, data: { records: 240 } } });
    expect(trained.card.data.inputs).toEqual([
      { name: 'district-a', rows: 150, records: 150 },
      { name: 'district-b', rows: 90, records: 90 },
    ]);
    expect(trained.card.comparisons.find((c: { field: string }) => c.field === 'birth_date').levels[0]).toEqual({
      label: 'exact',
      m: expect.any(Number),
      u: expect.any(Number),
      weight: expect.any(Number),
    });
    expect(trained.card.expected).toEqual(expect.objectContaining({ records: 240, precision: expect.any(Number), recall: expect.any(Number) }));
    expect(trained.card.estimation.sessions).toHaveLength(2);
    // Counts and parameters only: no child's name reaches the card.
    expect(JSON.stringify(trained)).not.toContain(people[0].surname);

    const listed = (await api().get('/identity/models').set('Authorization', steward).expect(200)).body;
    expect(listed).toEqual({ activeModelId: shipped, versions: [expect.objectContaining({ version: 1, modelId: trained.modelId, active: false, records: 240 })] });
    expect((await api().get(`/identity/models/${trained.modelId}`).set('Authorization', steward).expect(200)).body.card).toEqual(trained.card);

    // Not in force yet: a new person is still decided by the shipped model.
    const [first, second] = generatePopulation({ people: 2, seed: 99 });
    await deliver([student('district-c', 'C-1', first)]);
    expect((await crosswalk('district-c', 'C-1')).modelId).toBe(shipped);

    const activated = (await api().post(`/identity/models/${trained.modelId}/activate`).set('Authorization', steward).expect(200)).body;
    expect(activated).toMatchObject({ modelId: trained.modelId, active: true });
    expect((await api().get('/identity/models').set('Authorization', steward).expect(200)).body.activeModelId).toBe(trained.modelId);

    // The running ingest instance picks the activation up at its next batch.
    const known = people.find((person) => person.twin === undefined) as SyntheticPerson;
    await deliver([student('district-c', 'C-2', second), student('district-c', 'C-3', known)]);
    expect((await crosswalk('district-c', 'C-2')).modelId).toBe(trained.modelId);
    const linked = await crosswalk('district-c', 'C-3');
    expect(linked).toMatchObject({ decision: 'link', sid: (await crosswalk('district-a', `A-${known.id}`)).sid, modelId: trained.modelId });
    expect(linked.explanation.steps[0].field).toBe('prior');
    expect(linked.explanation.score).toBeCloseTo(linked.score, 1);

    const audited = await dataSource.query(`SELECT actor, subject, details->>'action' AS action FROM audit_entry WHERE kind = 'identity-model' ORDER BY id`);
    expect(audited).toEqual([
      { actor: stewardClient.clientId, subject: trained.modelId, action: 'trained' },
      { actor: stewardClient.clientId, subject: trained.modelId, action: 'activated' },
    ]);
  });

  it('refuses unknown and malformed model ids, and callers who are not stewards', async () => {
    await api().get('/identity/models/im-0123456789abcdef').set('Authorization', steward).expect(404);
    await api().post('/identity/models/im-0123456789abcdef/activate').set('Authorization', steward).expect(404);
    expect((await api().get('/identity/models/latest').set('Authorization', steward).expect(400)).body.detail).toContain('model id must be');
    const researcher = await registerTestClient(dataSource, Role.Researcher, 'university-7');
    await api()
      .post('/identity/models')
      .set('Authorization', `Bearer ${await accessTokenFor(app, researcher)}`)
      .expect(403);
  });
});
