import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { connectProducer, createKafka, ensureTopics, type HubProducer, type InboundMessage } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { IdentityResolution } from '@lantern/identity-service';
import { createMigratedTestDatabase, type MigratedTestDatabase, testKafka, testTopicPrefix } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';
import { HubTopics } from './hub-topics';
import type { IngestBatchProcessor } from './ingest-batch-processor';
import { IngestionReport } from './ingestion-report';
import { createIngestPipeline } from './ingest-pipeline';

const registry = ContractRegistry.default();
const logger = createJsonLogger('processor-test', 'warn');

function example(contractId: string, changes: (record: Record<string, unknown>) => void = () => undefined): Envelope {
  const envelope = registry.readExample(registry.contract(contractId));
  changes(envelope.record as Record<string, unknown>);
  return envelope;
}

describe('IngestBatchProcessor with real PostgreSQL and Kafka', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let producer: HubProducer;
  let processor: IngestBatchProcessor;
  let topics: HubTopics;
  let report: IngestionReport;
  let nextOffset = 0;

  /** Delivers envelopes as one batch on their contract's topic, each at a new offset. */
  function deliver(envelopes: Array<Envelope | string>, offsets?: number[]) {
    const messages: InboundMessage[] = envelopes.map((envelope, index) => ({
      topic: topics.topicFor(typeof envelope === 'string' ? 'edfi.student' : envelope.contract),
      partition: 0,
      offset: String(offsets?.[index] ?? nextOffset++),
      key: null,
      value: Buffer.from(typeof envelope === 'string' ? envelope : JSON.stringify(envelope)),
      headers: {},
    }));
    return processor.process(messages);
  }

  const visible = async (contractId: string) => Number((await dataSource.query(`SELECT count(*) FROM record_version WHERE contract_id = $1`, [contractId]))[0].count);

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    topics = new HubTopics(registry, testTopicPrefix());
    const kafka = createKafka(testKafka(), 'processor-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    processor = createIngestPipeline({ dataSource, registry, topics, producer, maxMessageBytes: 65536, logger }).processor;
    report = new IngestionReport(dataSource);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await database?.drop();
  });

  it('parks an enrolment until both its student and its school exist, then releases it', async () => {
    expect(await deliver([example('edfi.studentSchoolAssociation')])).toMatchObject({ stored: 0, parked: 1 });
    expect(await visible('edfi.studentSchoolAssociation')).toBe(0);
    expect((await report.parkedSummary()).map((p) => p.waitingFor).sort()).toEqual(['school', 'student']);

    await deliver([example('edfi.student', (r) => (r.studentUniqueId = '604822'))]);
    expect(await visible('edfi.studentSchoolAssociation')).toBe(0);
    expect((await report.parkedSummary()).map((p) => p.waitingFor)).toEqual(['school']);

    // The school itself waits for its district; storing the district releases the whole chain.
    expect(await deliver([example('edfi.school')])).toMatchObject({ parked: 1 });
    expect(await deliver([example('edfi.localEducationAgency')])).toMatchObject({ stored: 1, released: 2 });
    expect(await visible('edfi.school')).toBe(1);
    expect(await visible('edfi.studentSchoolAssociation')).toBe(1);
    expect(await report.parkedSummary()).toEqual([]);

    const enrolments = (await report.statusBySource()).find((s) => s.topic === topics.topicFor('edfi.studentSchoolAssociation'));
    expect(enrolments).toMatchObject({ received: 1, stored: 1, parked: 0, duplicates: 0 });
  });

  it('releases every dependant when its referenced records are stored by concurrent batches', async () => {
    await deliver([example('edfi.localEducationAgency')]);
    await deliver([example('edfi.school')]);
    const before = await visible('edfi.studentSchoolAssociation');
    const rounds = Array.from({ length: 20 }, (_, round) => {
      const ids = Array.from({ length: 10 }, (_, i) => `C-${round}-${i}`);
      const students = ids.map((id) => example('edfi.student', (r) => (r.studentUniqueId = id)));
      const enrolments = ids.map((id) => example('edfi.studentSchoolAssociation', (r) => ((r.studentReference as { studentUniqueId: string }).studentUniqueId = id)));
      // Like two partitions consumed at once: neither batch sees the other's uncommitted rows.
      return Promise.all([deliver(enrolments), deliver(students)]);
    });
    await Promise.all(rounds);
    expect(await visible('edfi.studentSchoolAssociation')).toBe(before + 200);
    expect(await report.parkedSummary()).toEqual([]);
  });

  it('never parks a delete', async () => {
    const deletion: Envelope = {
      ...example('edfi.studentSchoolAssociation'),
      operation: 'delete',
      record: { studentReference: { studentUniqueId: 'NOT-YET-KNOWN' }, schoolReference: { schoolId: 1 }, entryDate: '2023-08-21' },
    };
    expect(await deliver([deletion])).toMatchObject({ stored: 1, parked: 0 });
  });

  it('stores a redelivered batch once and counts the redelivery as duplicates', async () => {
    const batch = [example('edfi.student', (r) => (r.studentUniqueId = 'R-1')), example('edfi.student', (r) => (r.studentUniqueId = 'R-2'))];
    const offsets = [nextOffset++, nextOffset++];
    expect(await deliver(batch, offsets)).toMatchObject({ stored: 2, duplicates: 0 });
    expect(await deliver(batch, offsets)).toMatchObject({ stored: 0, duplicates: 2 });
    expect(Number((await dataSource.query(`SELECT count(*) FROM record_version WHERE natural_key IN ('["R-1"]', '["R-2"]')`))[0].count)).toBe(2);
  });

  it('rejects nothing for a fault of its own: the batch fails whole, commits nothing, and is stored when delivered again', async () => {
    const rejectsBefore = (await report.rejects({ stage: 'write', limit: 500 })).length;
    const student = example('edfi.student', (r) => (r.studentUniqueId = 'FAULT-1'));
    const fault = jest.spyOn(IdentityResolution.prototype, 'resolveWithin').mockRejectedValue(new TypeError('a fault in the hub, not in the record'));
    try {
      await expect(deliver([student], [9000])).rejects.toThrow('a fault in the hub');
    } finally {
      fault.mockRestore();
    }
    expect(await report.rejects({ stage: 'write', limit: 500 })).toHaveLength(rejectsBefore);
    expect(await deliver([student], [9000])).toMatchObject({ stored: 1, rejected: 0 });
  });

  it('turns a record the database refuses into a write-stage reject and stores the rest of the batch', async () => {
    // A refusal for the record's content (SQLSTATE class 22, as for a value a column cannot hold);
    // the contract stages already refuse what they know PostgreSQL cannot store. Only the owner may add the trigger.
    await database.owner.query(`CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.natural_key LIKE '%REFUSED%' THEN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$`);
    await database.owner.query(`CREATE TRIGGER refuse_marked BEFORE INSERT ON record_version FOR EACH ROW EXECUTE FUNCTION refuse_marked()`);
    try {
      const refused = example('edfi.student', (r) => (r.studentUniqueId = 'REFUSED-1'));
      const fine = example('edfi.student', (r) => (r.studentUniqueId = 'FINE-2'));
      expect(await deliver([refused, fine])).toMatchObject({ stored: 1, rejected: 1 });
    } finally {
      await database.owner.query(`DROP TRIGGER refuse_marked ON record_version; DROP FUNCTION refuse_marked()`);
    }
    const [reject] = await report.rejects({ stage: 'write', limit: 10 });
    expect(reject).toMatchObject({ stage: 'write', contractId: 'edfi.student', errorPath: '/record' });
    expect(reject.errorMessage).toMatch(/SQLSTATE 22023/);
  });
});
