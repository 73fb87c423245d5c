import type { INestApplication } from '@nestjs/common';
import { ContractRegistry } from '@lantern/contracts';
import { HubTopics, IngestBatchProcessor, RecordStore } from '@lantern/ingest';
import { createJsonLogger } from '@lantern/observability';
import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import { createTestDatabase, testKafkaBrokers, testTopicPrefix } from '@lantern/test-environment';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApi } from './create-api';

const logger = createJsonLogger('api-test', 'warn');
const registry = ContractRegistry.default();

describe('API against real PostgreSQL and Kafka', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let app: INestApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateDatabase(database.url);
    dataSource = createHubDataSource(database.url, []);
    await dataSource.initialize();
    const prefix = testTopicPrefix();
    // Store one student the way ingest does, without a broker round trip (the ingest tests cover that).
    const processor = new IngestBatchProcessor(registry, new HubTopics(registry, prefix), new RecordStore(dataSource), { publish: async () => undefined } as never, { maxMessageBytes: 65536 }, logger);
    await processor.process([
      {
        topic: `${prefix}${registry.topicFor('edfi.student')}`,
        partition: 2,
        offset: '41',
        key: Buffer.from('S-100'),
        headers: {},
        value: Buffer.from(
          JSON.stringify({
            contract: 'edfi.student',
            contractVersion: registry.contract('edfi.student').version,
            operation: 'upsert',
            sourceSystem: 'district-255901',
            eventTime: '2026-09-01T08:00:00Z',
            record: { studentUniqueId: 'S-100', firstName: 'Katherine', lastSurname: 'Johnson', birthDate: '2011-08-26' },
          }),
        ),
      },
    ]);
    app = await createApi(
      { DATABASE_URL: database.url, KAFKA_BROKERS: testKafkaBrokers(), LANTERN_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn', API_HOST: '127.0.0.1', API_PORT: 0, INGEST_GROUP_ID: `${prefix}ingest` },
      logger,
    );
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('reports ready when PostgreSQL and Kafka answer', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body.details).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' } });
  });

  it('serves a stored student with its lineage', async () => {
    const response = await request(app.getHttpServer()).get('/k12/students/S-100').expect(200);
    expect(response.body.versions).toHaveLength(1);
    expect(response.body.versions[0]).toMatchObject({
      sourceSystem: 'district-255901',
      record: { firstName: 'Katherine', birthDate: '2011-08-26' },
      lineage: { partition: 2, offset: '41', eventTime: '2026-09-01T08:00:00.000Z' },
    });
  });

  it('answers an unknown student with RFC 9457 problem details carrying an errorId', async () => {
    const response = await request(app.getHttpServer()).get('/k12/students/NOBODY').expect(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, type: 'urn:lantern:problem:record_not_found', instance: '/k12/students/:studentUniqueId' });
    expect(response.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(response.body)).not.toContain('NOBODY');
  });

  it('serves OpenAPI docs and Prometheus metrics', async () => {
    await request(app.getHttpServer()).get('/docs').expect(200);
    const openApi = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(openApi.body.paths)).toEqual(expect.arrayContaining(['/health/ready', '/k12/students/{studentUniqueId}']));
    const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^lantern_http_request_duration_seconds_count\{service="api",method="GET",route="\/k12\/students\/:studentUniqueId",status="200"\} 1$/m);
  });
});
