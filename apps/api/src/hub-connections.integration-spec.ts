import type { INestApplication } from '@nestjs/common';
import { ConfigurationError } from '@lantern/config';
import { ContractRegistry } from '@lantern/contracts';
import { Role } from '@lantern/governance';
import { createIngestPipeline, HubTopics } from '@lantern/ingest';
import { connectProducer, createKafka, ensureTopics } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, eventually, type MigratedTestDatabase, testKafka, testKafkaEnvironment, testTopicPrefix } from '@lantern/test-environment';
import { Writable } from 'node:stream';
import request from 'supertest';
import { bearerFor, testApiSettings } from './access/testing/access-test-kit';
import { createApi } from './create-api';
import { TcpGate } from './testing/tcp-gate';

const registry = ContractRegistry.default();

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createJsonLogger('hub-connections-test', 'warn', destination) };
}

describe('the API’s connections when PostgreSQL or Kafka cannot be reached (real services behind a gate)', () => {
  let database: MigratedTestDatabase;
  const gates: TcpGate[] = [];
  const apps: INestApplication[] = [];
  let prefix: string;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    prefix = testTopicPrefix();
  });

  afterAll(async () => {
    for (const gate of gates) gate.letThrough();
    for (const app of apps) await app.close();
    for (const gate of gates) await gate.close();
    await database?.drop();
  });

  async function gateTo(hostPort: string, open: boolean) {
    const gate = await TcpGate.before(hostPort);
    if (open) gate.letThrough();
    gates.push(gate);
    return gate;
  }

  async function apiThrough(kafka: TcpGate, databaseUrl = database.url) {
    const { lines, logger } = capturedLogger();
    const app = await createApi(testApiSettings({ DATABASE_URL: databaseUrl, ...testKafkaEnvironment(), KAFKA_BROKERS: kafka.address, LANTERN_TOPIC_PREFIX: prefix }), logger);
    await app.init();
    apps.push(app);
    return { app, lines };
  }

  it('publishes a steward’s replay once Kafka is back, though the first replay found it down (no restart)', async () => {
    // One schema reject, stored the way ingest stores it.
    const topics = new HubTopics(registry, prefix);
    const kafka = createKafka(testKafka(), 'hub-connections-test');
    await ensureTopics(kafka, topics.all());
    const producer = await connectProducer(kafka);
    try {
      const envelope = { ...registry.readExample(registry.contract('edfi.student')), record: { studentUniqueId: 'S-7', firstName: 'Ada' } };
      const { processor } = createIngestPipeline({ dataSource: database.dataSource, registry, topics, producer, maxMessageBytes: 65536, logger: createJsonLogger('ingest', 'error') });
      await processor.process([{ topic: topics.topicFor('edfi.student'), partition: 0, offset: '0', key: null, headers: {}, value: Buffer.from(JSON.stringify(envelope)) }]);
    } finally {
      await producer.disconnect();
    }
    const broker = await gateTo(testKafka().brokers[0], false);
    const { app } = await apiThrough(broker);
    const steward = await bearerFor(app, database.dataSource, Role.Steward, 'sea');
    const [reject] = (await request(app.getHttpServer()).get('/ingest/rejects').set('Authorization', steward).expect(200)).body.rejects;
    const replay = () =>
      request(app.getHttpServer())
        .post('/ingest/rejects/replay')
        .set('Authorization', steward)
        .send({ ids: [reject.id] });

    expect((await replay()).status).toBe(500);
    broker.letThrough();
    expect((await replay().expect(202)).body).toEqual({ replayed: [reject.id], notFound: [] });
  });

  describe('GET /health/ready', () => {
    let app: INestApplication;
    let lines: Array<Record<string, unknown>>;
    let broker: TcpGate;
    let postgres: TcpGate;
    const ready = () => request(app.getHttpServer()).get('/health/ready');

    beforeAll(async () => {
      broker = await gateTo(testKafka().brokers[0], false);
      const url = new URL(database.url);
      postgres = await gateTo(`${url.hostname}:${url.port || 5432}`, true);
      url.host = postgres.address;
      ({ app, lines } = await apiThrough(broker, url.toString()));
    });

    /** The answer says down and gives an errorId; only the log line under that id says why. */
    function expectDownWithoutWhy(body: Record<string, unknown>, dependency: string) {
      const answer = (body.details as Record<string, { status: string; errorId?: string }>)[dependency];
      expect(answer).toEqual({ status: 'down', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const logged = lines.find((line) => line.errorId === answer.errorId);
      expect(logged).toMatchObject({ msg: 'readiness check failed', dependency, err: { message: expect.any(String) } });
      const why = (logged?.err as { message: string }).message;
      expect(JSON.stringify(body)).not.toContain(why);
    }

    it('answers 503 with Kafka down and PostgreSQL up, and no error text', async () => {
      const response = await ready().expect(503);
      expect(response.body).toMatchObject({ status: 'error', details: { database: { status: 'up' } } });
      expectDownWithoutWhy(response.body, 'kafka');
      expect(JSON.stringify(response.body)).not.toContain(broker.address);
    });

    it('answers ready once Kafka is back, and keeps one Kafka connection across polls', async () => {
      broker.letThrough();
      await eventually(async () => expect((await ready()).body.details).toEqual({ database: { status: 'up' }, kafka: { status: 'up' } }));
      const connectionsBefore = broker.relayed;
      // Polls spread past the few seconds one answer is reused, so each one checks Kafka again.
      for (let poll = 0; poll < 3; poll++) {
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await ready().expect(200);
      }
      expect(broker.relayed).toBe(connectionsBefore);
    });

    it('answers 503 with PostgreSQL down, and no error text', async () => {
      postgres.shut();
      const response = await eventually(async () => {
        const answer = await ready();
        expect(answer.status).toBe(503);
        return answer;
      });
      expect(response.body).toMatchObject({ status: 'error', details: { kafka: { status: 'up' } } });
      expectDownWithoutWhy(response.body, 'database');
      postgres.letThrough();
      await eventually(async () => expect((await ready()).status).toBe(200));
    });
  });
});

describe('the API’s database login (ADR 0018)', () => {
  it('refuses to start as the tables’ owner, who could drop the audit log’s triggers: a configuration error naming the login', async () => {
    const database = await createMigratedTestDatabase({ poolSize: 1 });
    const { logger } = capturedLogger();
    const app = await createApi(testApiSettings({ DATABASE_URL: database.ownerUrl, ...testKafkaEnvironment(), LANTERN_TOPIC_PREFIX: testTopicPrefix() }), logger);
    try {
      const refusal = await app.init().then(
        () => undefined,
        (error: unknown) => error,
      );
      // main stops on it with its one line and EX_CONFIG, as for any bad setting.
      expect(refusal).toBeInstanceOf(ConfigurationError);
      expect((refusal as Error).message).toMatch(/^DATABASE_URL logs in as [^\n]+: services log in as a member of lantern_service/);
    } finally {
      await app.close().catch(() => undefined);
      await database.drop();
    }
  });
});
