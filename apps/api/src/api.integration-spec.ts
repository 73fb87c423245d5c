import type { INestApplication } from '@nestjs/common';
import { Role } from '@lantern/governance';
import { ContractRegistry } from '@lantern/contracts';
import { createIngestPipeline, HubTopics } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics, type HubProducer } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, eventually, type MigratedTestDatabase, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { bearerFor, testApiSettings } from './access/testing/access-test-kit';
import { createApi } from './create-api';
import { DOCUMENTED_CONSOLE_SETTINGS } from './openapi/openapi-document';

const logger = createJsonLogger('api-test', 'warn');
const registry = ContractRegistry.default();

type OpenApiSchema = { $ref?: string; example?: unknown; properties?: Record<string, OpenApiSchema>; items?: OpenApiSchema; allOf?: OpenApiSchema[]; oneOf?: OpenApiSchema[] };
type OpenApiMedia = { schema?: OpenApiSchema; example?: unknown };
type OpenApiOperation = { responses: Record<string, { content?: Record<string, OpenApiMedia> }>; requestBody?: { content: Record<string, OpenApiMedia> } };
type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>>; components: { schemas: Record<string, OpenApiSchema> } };

/** The console's sign-in answers the browser with redirects, never a body. */
const REDIRECTS = ['GET /auth/sign-in', 'GET /auth/callback'];
/**
 * Errors that are not problem details: readiness and liveness answer 503 with the health report
 * itself (load balancers read it), and the token endpoint refuses in RFC 6749's shape (OAuth libraries read it).
 */
const NOT_PROBLEMS = ['POST /oauth/token 400', 'POST /oauth/token 401', 'GET /health/live 503', 'GET /health/ready 503'];

function operationsOf(document: OpenApiDocument): Array<[string, OpenApiOperation]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]): [string, OpenApiOperation] => [`${method.toUpperCase()} ${path}`, operation]),
  );
}

/** An example for the media type: its own, or one composed from every property's (undefined when any leaf has none). */
function exampleOf(document: OpenApiDocument, media: OpenApiMedia | OpenApiSchema | undefined, depth = 0): unknown {
  if (!media || depth > 20) return undefined;
  if ('example' in media) return media.example;
  const schema: OpenApiSchema | undefined = 'schema' in media ? media.schema : (media as OpenApiSchema);
  if (!schema) return undefined;
  if (schema.$ref) return exampleOf(document, document.components.schemas[schema.$ref.split('/').pop() as string], depth + 1);
  const first = schema.allOf?.[0] ?? schema.oneOf?.[0];
  if (first) return exampleOf(document, first, depth + 1);
  if (schema.items) return exampleOf(document, schema.items, depth + 1) === undefined ? undefined : [];
  if (!schema.properties) return undefined;
  const properties = Object.values(schema.properties).map((property) => exampleOf(document, property, depth + 1));
  return properties.includes(undefined) ? undefined : {};
}

describe('API against real PostgreSQL and Kafka', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let producer: HubProducer;
  let topics: HubTopics;
  let prefix: string;
  /** Authorization header of a steward client; the access tests cover every other role. */
  let steward: string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    prefix = testTopicPrefix();
    topics = new HubTopics(registry, prefix);
    const kafka = createKafka(testKafka(), 'api-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    // Store one student and one reject the way ingest does (the ingest tests cover the consumer).
    const processor = createIngestPipeline({ dataSource, registry, topics, producer, maxMessageBytes: 65536, logger }).processor;
    const student = (record: Record<string, unknown>) =>
      Buffer.from(
        JSON.stringify({
          contract: 'edfi.student',
          contractVersion: registry.contract('edfi.student').version,
          operation: 'upsert',
          sourceSystem: 'district-255901',
          eventTime: '2026-09-01T08:00:00Z',
          record,
        }),
      );
    await processor.process([
      {
        topic: topics.topicFor('edfi.student'),
        partition: 2,
        offset: '41',
        key: Buffer.from('S-100'),
        headers: {},
        value: student({ studentUniqueId: 'S-100', firstName: 'Katherine', lastSurname: 'Johnson', birthDate: '2011-08-26' }),
      },
      {
        topic: topics.topicFor('edfi.student'),
        partition: 2,
        offset: '42',
        key: Buffer.from('S-101'),
        headers: {},
        value: student({ studentUniqueId: 'S-101', firstName: 'Dorothy', lastSurname: 'Vaughan' }),
      },
    ]);
    // With the console's settings, so the served document has its routes as the committed one does.
    app = await createApi(
      testApiSettings({ DATABASE_URL: database.url, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: prefix, INGEST_GROUP_ID: `${prefix}ingest`, ...DOCUMENTED_CONSOLE_SETTINGS }),
      logger,
    );
    await app.init();
    steward = await bearerFor(app, dataSource, Role.Steward, 'sea');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await database?.drop();
  });

  it('reports ready when PostgreSQL and Kafka answer', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(response.body.details).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' } });
  });

  it('serves a stored student with its lineage', async () => {
    const response = await request(app.getHttpServer()).get('/k12/students/S-100').set('Authorization', steward).expect(200);
    expect(response.body.versions).toHaveLength(1);
    expect(response.body.versions[0]).toMatchObject({
      sourceSystem: 'district-255901',
      record: { firstName: 'Katherine', birthDate: '2011-08-26' },
      lineage: { partition: 2, offset: '41', eventTime: '2026-09-01T08:00:00.000Z' },
    });
  });

  it('answers an unknown student with RFC 9457 problem details carrying an errorId', async () => {
    const response = await request(app.getHttpServer()).get('/k12/students/NOBODY').set('Authorization', steward).expect(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, type: 'urn:lantern:problem:record_not_found', instance: '/k12/students/:studentUniqueId' });
    expect(response.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(response.body)).not.toContain('NOBODY');
  });

  it('serves OpenAPI docs and Prometheus metrics', async () => {
    await request(app.getHttpServer()).get('/docs').expect(200);
    const openApi = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(openApi.body.paths)).toEqual(expect.arrayContaining(['/health/ready', '/k12/students/{studentUniqueId}']));
    // The committed document the web app's types are generated from (npm run openapi) is the one served.
    expect(openApi.body).toEqual(JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')));
    const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^lantern_http_request_duration_seconds_count\{service="api",method="GET",route="\/k12\/students\/:studentUniqueId",status="200"\} 1$/m);
  });

  it('describes every route: a 2xx schema with an example, request bodies with examples, and problem details for every error', async () => {
    const document: OpenApiDocument = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(60);
    const withoutSchema = operations
      .filter(([, operation]) => {
        const ok = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));
        return ok.length === 0 || ok.some(([status, response]) => status !== '204' && !Object.values(response.content ?? {}).some((media) => media.schema));
      })
      .map(([name]) => name);
    expect(withoutSchema).toEqual(REDIRECTS);

    const withoutExample = operations.flatMap(([name, operation]) => {
      const answers = Object.entries(operation.responses)
        .filter(([status]) => /^2/.test(status))
        .flatMap(([status, response]) => Object.entries(response.content ?? {}).map(([type, media]) => [`${name} ${status} ${type}`, media] as const));
      const bodies = Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => [`${name} body ${type}`, media] as const);
      return [...answers, ...bodies].filter(([, media]) => exampleOf(document, media) === undefined).map(([where]) => where);
    });
    expect(withoutExample).toEqual([]);

    const errors = operations.flatMap(([name, operation]) =>
      Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => [`${name} ${status}`, response] as const),
    );
    expect(errors.length).toBeGreaterThan(operations.length);
    const notProblems = errors
      .filter(([where, response]) => {
        const problem = response.content?.['application/problem+json'];
        const exampleStatus = (problem?.example as { status?: number } | undefined)?.status;
        return problem?.schema?.$ref !== '#/components/schemas/ProblemDetails' || exampleStatus !== Number(where.split(' ').pop());
      })
      .map(([where]) => where);
    expect(notProblems).toEqual(NOT_PROBLEMS);
    expect(document.components.schemas.ProblemDetails).toMatchObject({ required: ['type', 'title', 'status', 'detail', 'instance', 'errorId'] });
  });

  it('times failed requests too, under their status: refused by the guard, not found, and unmatched', async () => {
    const counts = async () => {
      const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
      expect(metrics).not.toContain('NOBODY');
      const count = (route: string, status: number) =>
        Number(new RegExp(`^lantern_http_request_duration_seconds_count\\{service="api",method="GET",route="${route}",status="${status}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
      return { refused: count('/k12/students/:studentUniqueId', 401), notFound: count('/k12/students/:studentUniqueId', 404), unmatched: count('unmatched', 404) };
    };
    const before = await counts();
    await request(app.getHttpServer()).get('/k12/students/S-100').expect(401);
    await request(app.getHttpServer()).get('/k12/students/S-100').set('Authorization', 'Bearer not-a-token').expect(401);
    await request(app.getHttpServer()).get('/k12/students/NOBODY').set('Authorization', steward).expect(404);
    await request(app.getHttpServer()).get('/no/such/route').expect(404);
    const after = await counts();
    expect({ refused: after.refused - before.refused, notFound: after.notFound - before.notFound, unmatched: after.unmatched - before.unmatched }).toEqual({
      refused: 2,
      notFound: 1,
      unmatched: 1,
    });
  });

  it('reports ingestion per topic and source, with consumer lag', async () => {
    const response = await request(app.getHttpServer()).get('/ingest/status').set('Authorization', steward).expect(200);
    expect(response.body.sources).toEqual([
      expect.objectContaining({ topic: topics.topicFor('edfi.student'), sourceSystem: 'district-255901', received: 2, stored: 1, rejected: 1, parked: 0 }),
    ]);
    expect(response.body.topics).toEqual(expect.arrayContaining([{ topic: topics.topicFor('edfi.student'), consumerLag: 0 }]));
  });

  it('lists rejects with reasons but never the rejected record', async () => {
    const response = await request(app.getHttpServer()).get('/ingest/rejects').set('Authorization', steward).query({ stage: 'schema', sourceSystem: 'district-255901' }).expect(200);
    expect(response.body.rejects).toHaveLength(1);
    expect(response.body.rejects[0]).toMatchObject({ contractId: 'edfi.student', offset: '42', stage: 'schema' });
    expect(response.body.rejects[0].errorPath).toContain('birthDate');
    expect(JSON.stringify(response.body)).not.toMatch(/Dorothy|Vaughan/);
    const none = await request(app.getHttpServer()).get('/ingest/rejects').set('Authorization', steward).query({ contract: 'edfi.school' }).expect(200);
    expect(none.body.rejects).toEqual([]);
  });

  it('refuses a malformed filter with problem details naming the parameter', async () => {
    const response = await request(app.getHttpServer()).get('/ingest/rejects').set('Authorization', steward).query({ stage: 'nonsense' }).expect(400);
    expect(response.body).toMatchObject({ type: 'urn:lantern:problem:invalid_request' });
    expect(response.body.detail).toContain('stage must be one of');
  });

  it('replays selected rejects onto their original topic and marks them replayed', async () => {
    const [reject] = (await request(app.getHttpServer()).get('/ingest/rejects').set('Authorization', steward).expect(200)).body.rejects;
    const replay = await request(app.getHttpServer())
      .post('/ingest/rejects/replay')
      .set('Authorization', steward)
      .send({ ids: [reject.id, 999999] })
      .expect(202);
    expect(replay.body).toEqual({ replayed: [reject.id], notFound: [999999] });

    const consumer = createKafka(testKafka(), 'replay-reader', logger).consumer({ groupId: `${prefix}replay-reader` });
    const replayed: Array<{ value: string; replayOf: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topics.topicFor('edfi.student'), fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void replayed.push({ value: String(message.value), replayOf: String(message.headers?.['lantern.replay.of']) }) });
    try {
      await eventually(() => expect(replayed).toHaveLength(1));
    } finally {
      await consumer.disconnect();
    }
    expect(replayed[0].replayOf).toBe(String(reject.id));
    expect(JSON.parse(replayed[0].value).record.studentUniqueId).toBe('S-101');
    const after = (await request(app.getHttpServer()).get('/ingest/rejects').set('Authorization', steward).expect(200)).body.rejects[0];
    expect(after.replayedAt).not.toBeNull();
  });
});
