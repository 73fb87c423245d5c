import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { connectProducer, createKafka, ensureTopics, type HubProducer, type InboundMessage } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createIngestPipeline, HubTopics, type IngestBatchProcessor } from '@lantern/ingest';
import { IndicatorStore } from '@lantern/outcomes-store';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafka, testTopicPrefix } from '@lantern/test-environment';
import { DEMO_SCHOOL_YEARS, demoDistrict, publishDemoState, releaseDemoOutcomes } from '../infra/demo/demo-state';

const registry = ContractRegistry.default();
const logger = createJsonLogger('demo-state-test', 'warn');

/**
 * The demo state as `npm start` loads it: every record through the ingest pipeline (validation,
 * references, identity), the outcomes of each year computed and released by the demo's own code,
 * then read as the public API serves a school's indicators.
 */
describe("npm start's demo state (real PostgreSQL and Kafka)", () => {
  let database: MigratedTestDatabase;
  let producer: HubProducer;
  let processor: IngestBatchProcessor;
  let topics: HubTopics;
  let offset = 0;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    topics = new HubTopics(registry, testTopicPrefix());
    const kafka = createKafka(testKafka(), 'demo-state-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    processor = createIngestPipeline({ dataSource: database.dataSource, registry, topics, producer, maxMessageBytes: 512 * 1024, logger }).processor;
    const deliver = async (envelopes: Envelope[]) => {
      const messages: InboundMessage[] = envelopes.map((envelope) => ({
        topic: topics.topicFor(envelope.contract),
        partition: 0,
        offset: String(offset++),
        key: null,
        value: Buffer.from(JSON.stringify(envelope)),
        headers: {},
      }));
      const outcome = await processor.process(messages);
      expect(outcome.rejected).toBe(0);
    };
    await publishDemoState(deliver, (contract) => registry.contract(contract).version);
  }, 600_000);

  afterAll(async () => {
    await producer?.disconnect();
    await database?.drop();
  });

  it('publishes median growth percentiles for its schools under the default cohort minimum of 500, from the second year on', async () => {
    expect(await releaseDemoOutcomes(database.dataSource, {})).toHaveLength(DEMO_SCHOOL_YEARS.length);
    const store = new IndicatorStore(database.dataSource);
    const latest = Math.max(...DEMO_SCHOOL_YEARS);
    const middleSchool = demoDistrict().schools.find((school) => school.level === 'middle')!;
    const { schoolYear, values } = await store.organisationValues('school', String(middleSchool.schoolId), latest);
    expect(schoolYear).toBe(latest);
    for (const indicator of ['median-sgp-ela', 'median-sgp-math']) {
      const all = values.find((value) => value.indicator === indicator && value.group === 'all');
      expect(all).toMatchObject({ kind: 'median', reason: null, n: expect.any(Number), value: expect.any(Number) });
      expect(all!.n).toBeGreaterThanOrEqual(11);
      expect(all!.value).toBeGreaterThanOrEqual(1);
      expect(all!.value).toBeLessThanOrEqual(99);
    }
    // The first year has no prior year's scores: no SGPs, whatever the cohort's size.
    const first = await store.organisationValues('school', String(middleSchool.schoolId), Math.min(...DEMO_SCHOOL_YEARS));
    expect(first.values.find((value) => value.indicator === 'median-sgp-ela' && value.group === 'all')).toMatchObject({ value: null });
  });
});
