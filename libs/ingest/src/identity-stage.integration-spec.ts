import { AuditChainVerifier, AuditLog } from '@lantern/audit';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { isValidSid } from '@lantern/identity';
import { connectProducer, createKafka, ensureTopics, type HubProducer, type InboundMessage } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createMigratedTestDatabase, eventually, type MigratedTestDatabase, testKafka, testTopicPrefix } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';
import { HubTopics } from './hub-topics';
import type { IngestBatchProcessor } from './ingest-batch-processor';
import { createIngestPipeline } from './ingest-pipeline';
import { IngestionReport } from './ingestion-report';
import { IdentityDirectory, IdentityEventRelay, IdentityResolution, personIdentityOf } from '@lantern/identity-service';
import { currentPersonRecordsSql, RecordsReadModel } from '@lantern/records';

const registry = ContractRegistry.default();
const logger = createJsonLogger('identity-test', 'warn');

const student = (sourceSystem: string, id: string, firstName: string, lastSurname: string, birthDate: string): Envelope => ({
  ...registry.readExample(registry.contract('edfi.student')),
  sourceSystem,
  record: { studentUniqueId: id, firstName, lastSurname, birthDate },
});

function serviceRecord(localPersonId: string, person: Record<string, unknown>): Envelope {
  const example = registry.readExample(registry.contract('partner.serviceParticipation'));
  return { ...example, sourceSystem: 'hhs.case-management', record: { ...(example.record as object), person: { localPersonId, ...person } } };
}

/** A postsecondary, partner or workforce record about a person its source knows as `localPersonId`. */
function partnerRecord(contract: string, sourceSystem: string, localPersonId: string, person: Record<string, unknown>): Envelope {
  const example = registry.readExample(registry.contract(contract));
  return { ...example, sourceSystem, record: { ...structuredClone(example.record as object), person: { localPersonId, ...person } } };
}

function enrolment(sourceSystem: string, studentUniqueId: string): Envelope {
  const example = registry.readExample(registry.contract('edfi.studentSchoolAssociation'));
  const record = structuredClone(example.record) as { studentReference: { studentUniqueId: string } };
  record.studentReference.studentUniqueId = studentUniqueId;
  return { ...example, sourceSystem, record };
}

describe('identity resolution in the ingest pipeline (real PostgreSQL and Kafka)', () => {
  let database: MigratedTestDatabase;
  let dataSource: DataSource;
  let producer: HubProducer;
  let topics: HubTopics;
  // Two pipelines with their own in-memory indexes: two ingest instances sharing one database.
  let instanceA: IngestBatchProcessor;
  let instanceB: IngestBatchProcessor;
  let directory: IdentityDirectory;
  let records: RecordsReadModel;
  let offset = 0;

  const deliver = (processor: IngestBatchProcessor, envelopes: Envelope[]) =>
    processor.process(
      envelopes.map((envelope): InboundMessage => ({
        topic: topics.topicFor(envelope.contract),
        partition: 0,
        offset: String(offset++),
        key: null,
        value: Buffer.from(JSON.stringify(envelope)),
        headers: {},
      })),
    );
  const sidOf = async (source: string, id: string) => (await directory.crosswalk(source, id))?.sid;
  const pipeline = () => createIngestPipeline({ dataSource, registry, topics, producer, maxMessageBytes: 65536, logger }).processor;

  beforeAll(async () => {
    database = await createMigratedTestDatabase();
    dataSource = database.dataSource;
    topics = new HubTopics(registry, testTopicPrefix());
    const kafka = createKafka(testKafka(), 'identity-test', logger);
    await ensureTopics(kafka, topics.all());
    producer = await connectProducer(kafka);
    instanceA = pipeline();
    instanceB = pipeline();
    directory = new IdentityDirectory(dataSource);
    records = new RecordsReadModel(dataSource);
    await deliver(instanceA, [registry.readExample(registry.contract('edfi.localEducationAgency'))]);
    await deliver(instanceA, [registry.readExample(registry.contract('edfi.school'))]);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await database?.drop();
  });

  it('links one child across a district and a partner agency, and keeps different children apart', async () => {
    await deliver(instanceA, [student('lea-255901.sis', 'A-1', 'Maya', 'Okafor', '2013-04-17'), student('lea-255901.sis', 'A-2', 'Liam', 'Castillo', '2012-11-02')]);
    // The agency spells her name its own way and uses its own id; another instance decides.
    await deliver(instanceB, [serviceRecord('HHS-9', { firstName: 'MAYA', lastSurname: 'Okafor', birthDate: '2013-04-17' })]);

    const maya = await sidOf('lea-255901.sis', 'A-1');
    expect(maya && isValidSid(maya)).toBe(true);
    expect(await sidOf('hhs.case-management', 'HHS-9')).toBe(maya);
    expect(await sidOf('lea-255901.sis', 'A-2')).not.toBe(maya);
  });

  it('gives a twin (same surname and birth date, another given name) her own SID', async () => {
    await deliver(instanceB, [student('lea-255901.sis', 'A-3', 'Mila', 'Okafor', '2013-04-17')]);
    const twin = await directory.crosswalk('lea-255901.sis', 'A-3');
    expect(twin?.sid).not.toBe(await sidOf('lea-255901.sis', 'A-1'));
  });

  it('gives records that name the child only by id the SID of the child, even from another source', async () => {
    await deliver(instanceA, [enrolment('lea-255901.sis', 'A-1'), enrolment('charter-7.sis', 'A-1')]);
    const maya = (await sidOf('lea-255901.sis', 'A-1'))!;
    const stored = await records.currentRecordsOf(maya);
    expect(stored.map((r) => `${r.contractId}@${r.sourceSystem}`).sort()).toEqual([
      'edfi.student@lea-255901.sis',
      'edfi.studentSchoolAssociation@charter-7.sis',
      'edfi.studentSchoolAssociation@lea-255901.sis',
      'partner.serviceParticipation@hhs.case-management',
    ]);
  });

  it('keeps two sources’ children apart when both use the same local id: records, enrolments, scoped reads and extract rows', async () => {
    const school = (sourceSystem: string, studentUniqueId: string, schoolId: number) => {
      const envelope = enrolment(sourceSystem, studentUniqueId);
      (envelope.record as { schoolReference: { schoolId: number } }).schoolReference.schoolId = schoolId;
      return envelope;
    };
    const schoolId = (registry.readExample(registry.contract('edfi.school')).record as { schoolId: number }).schoolId;
    await deliver(instanceA, [student('district-a.sis', 'S-100', 'Rosa', 'Delgado', '2012-02-14'), student('district-b.sis', 'S-100', 'Kwame', 'Mensah', '2014-09-30')]);
    await deliver(instanceB, [school('district-a.sis', 'S-100', schoolId)]);
    const today = new Date().toISOString().slice(0, 10);
    const rosa = (await sidOf('district-a.sis', 'S-100'))!;
    const kwame = (await sidOf('district-b.sis', 'S-100'))!;
    expect(rosa).not.toBe(kwame);

    const recordsOf = async (sid: string) => (await records.currentRecordsOf(sid)).map((r) => `${r.contractId}@${r.sourceSystem}`).sort();
    expect(await recordsOf(rosa)).toEqual(['edfi.student@district-a.sis', 'edfi.studentSchoolAssociation@district-a.sis']);
    expect(await recordsOf(kwame)).toEqual(['edfi.student@district-b.sis']);
    expect((await records.currentEnrolmentsOf(rosa, today)).map((e) => e.schoolId)).toEqual([String(schoolId)]);
    expect(await records.currentEnrolmentsOf(kwame, today)).toEqual([]);

    // The school where Rosa is enrolled reads her student record, never Kwame's with the same key.
    const scoped = await records.current('edfi.student', '["S-100"]', { kind: 'enrolled-at', school: String(schoolId), asOf: today });
    expect(scoped.map((version) => version.sourceSystem)).toEqual(['district-a.sis']);

    // Set-based readers (research extracts) get each record under its own child's SID.
    const rows: Array<{ sid: string; source: string }> = await dataSource.query(
      `SELECT r.sid, r.record ->> 'firstName' AS source FROM (${currentPersonRecordsSql({ contractId: 'edfi.student' })}) r WHERE r.sid = ANY($1::text[]) ORDER BY r.sid`,
      [[rosa, kwame]],
    );
    expect(Object.fromEntries(rows.map((row) => [row.sid, row.source]))).toEqual({ [rosa]: 'Rosa', [kwame]: 'Kwame' });
    expect(rows).toHaveLength(2);
  });

  it('links a source that names a child only by a statewide id through a recorded decision, and an ambiguous id to no one', async () => {
    await deliver(instanceA, [enrolment('charter-9.sis', 'A-2')]);
    const liam = (await sidOf('lea-255901.sis', 'A-2'))!;
    expect(await directory.crosswalk('charter-9.sis', 'A-2')).toMatchObject({ sid: liam, decision: 'statewide-id' });
    // S-100 belongs to two children (two districts): an enrolment from a third source joins neither.
    const outcome = await deliver(instanceA, [enrolment('charter-9.sis', 'S-100')]);
    expect(outcome).toMatchObject({ stored: 0, rejected: 1 });
    expect(await directory.crosswalk('charter-9.sis', 'S-100')).toBeUndefined();
  });

  it("keeps the SID a statewide id gave a source's child when that source sends the child's own record later, and matches later records against it", async () => {
    await deliver(instanceA, [student('lea-255901.sis', 'B-7', 'Zora', 'Kettleby', '2012-03-04')]);
    const zora = (await sidOf('lea-255901.sis', 'B-7'))!;
    // The charter school's enrolment arrives before its student record: linked by the statewide id.
    await deliver(instanceA, [enrolment('charter-7.sis', 'B-7')]);
    expect(await directory.crosswalk('charter-7.sis', 'B-7')).toMatchObject({ sid: zora, decision: 'statewide-id' });
    // On the other instance, whose index never saw the link: stored under the same SID, not refused by the database.
    expect(await deliver(instanceB, [student('charter-7.sis', 'B-7', 'Zora', 'Kettleby', '2012-03-04')])).toMatchObject({ stored: 1, rejected: 0 });
    expect(await sidOf('charter-7.sis', 'B-7')).toBe(zora);
    const [row] = await dataSource.query(`SELECT person->>'first_name' AS first_name FROM identity_record WHERE source_system = 'charter-7.sis' AND local_id = 'B-7'`);
    expect(row).toEqual({ first_name: 'Zora' });
    // The first instance learns the attributes too, and the record is not decided twice.
    expect(await deliver(instanceA, [student('charter-7.sis', 'B-7', 'Zora', 'Kettleby', '2012-03-04')])).toMatchObject({ rejected: 0 });
    expect(await dataSource.query(`SELECT count(*)::int AS rows FROM identity_record WHERE source_system = 'charter-7.sis' AND local_id = 'B-7'`)).toEqual([{ rows: 1 }]);
  });

  it('rejects at stage resolve a person it cannot identify (names that are only blanks, no identifier), instead of storing a record without a SID', async () => {
    const outcome = await deliver(instanceA, [serviceRecord('HHS-405', { firstName: ' ', lastSurname: ' ', birthDate: '2012-05-06' })]);
    expect(outcome).toMatchObject({ stored: 0, rejected: 1 });
    const [reject] = await new IngestionReport(dataSource).rejects({ stage: 'resolve', limit: 5 });
    expect(reject.errorMessage).toContain('no record with identity attributes');
    expect(reject.errorMessage).not.toContain('HHS-405');
  });

  it('resolves a person named without a birth date instead of refusing them, and counts the missing birth date for the source', async () => {
    const outcome = await deliver(instanceA, [serviceRecord('HHS-404', { firstName: 'Noor', lastSurname: 'Haddad' })]);
    expect(outcome).toMatchObject({ stored: 1, rejected: 0 });
    expect(await directory.crosswalk('hhs.case-management', 'HHS-404')).toMatchObject({ decision: 'new' });
    const warnings = await new IngestionReport(dataSource).dataQualityWarnings();
    expect(warnings.find((source) => source.sourceSystem === 'hhs.case-management')?.warnings).toEqual([{ field: 'birth_date', records: 1 }]);
  });

  it('never attaches a partner record to the student whose K-12 id equals its case number, birth date or not', async () => {
    await deliver(instanceA, [student('lea-255901.sis', 'CASE-77', 'Ines', 'Moreau', '2011-03-09')]);
    const ines = (await sidOf('lea-255901.sis', 'CASE-77'))!;
    const placement = partnerRecord('partner.childWelfarePlacement', 'dcfs.placements', 'CASE-77', { firstName: 'Tomas', lastSurname: 'Berg' });
    const outcome = await deliver(instanceB, [placement]);
    // Tomas is resolved on his names (no birth date is a warning, not a refusal): his own SID, never Ines's.
    expect(outcome).toMatchObject({ stored: 1, rejected: 0 });
    expect((await directory.crosswalk('dcfs.placements', 'CASE-77'))?.sid).not.toBe(ines);
    expect((await records.currentRecordsOf(ines)).map((record) => record.contractId)).toEqual(['edfi.student']);
  });

  it('resolves a record released from parking like any other: a college enrolment that waited for its institution joins the child by name and birth date', async () => {
    const enrolled = partnerRecord('postsecondary.termEnrollment', 'ihe-990001.sis', 'U-1', { firstName: 'Maya', lastSurname: 'Okafor', birthDate: '2013-04-17' });
    (enrolled.record as { institutionReference: { ipedsUnitId: string } }).institutionReference.ipedsUnitId = '990001';
    expect(await deliver(instanceA, [enrolled])).toMatchObject({ stored: 0, parked: 1 });
    const institution = registry.readExample(registry.contract('postsecondary.institution'));
    const released = await deliver(instanceB, [{ ...institution, sourceSystem: 'ihe-990001.sis', record: { ...(institution.record as object), ipedsUnitId: '990001' } }]);
    expect(released).toMatchObject({ stored: 1, released: 1 });
    const maya = await sidOf('lea-255901.sis', 'A-1');
    expect(await directory.crosswalk('ihe-990001.sis', 'U-1')).toMatchObject({ sid: maya, decision: 'link' });
  });

  it("leaves a Handle with Care flag's child to the flag intake, which checks the agency's agreement first: ingestion keeps the flag and decides nothing", async () => {
    const flag = registry.readExample(registry.contract('partner.careFlag'));
    const person = { localPersonId: 'FLAG-1', firstName: 'Nadia', lastSurname: 'Quispe', birthDate: '2014-01-12' };
    const reviews = async () => Number((await dataSource.query(`SELECT count(*) FROM identity_review`))[0].count);
    const reviewsBefore = await reviews();
    const outcome = await deliver(instanceA, [{ ...flag, record: { ...(flag.record as object), person } }]);
    expect(outcome).toMatchObject({ stored: 1, rejected: 0 });
    expect(await directory.crosswalk(flag.sourceSystem, 'FLAG-1')).toBeUndefined();
    expect(await reviews()).toBe(reviewsBefore);
  });

  it('stores no person-bearing record without a SID', async () => {
    const [row] = await dataSource.query(`
      SELECT count(*)::int AS orphans FROM record_version v
       WHERE v.person_local_id IS NOT NULL AND v.contract_id <> 'partner.careFlag'
         AND NOT EXISTS (SELECT 1 FROM identity_record i WHERE i.source_system = v.source_system AND i.local_id = v.person_local_id)`);
    expect(row.orphans).toBe(0);
  });

  it('decides once and stores once when a process died after its identity transaction committed and the batch comes again', async () => {
    const batch = [student('lea-255901.sis', 'C-1', 'Ada', 'Lindqvist', '2011-03-09'), serviceRecord('HHS-31', { firstName: 'Ada', lastSurname: 'Lindqvist', birthDate: '2011-03-09' })];
    // What the dead process left: the identity transaction of `RecordStore.save` committed, the records' did not.
    const people = batch.map((envelope) => personIdentityOf(registry.contract(envelope.contract), envelope.sourceSystem, envelope.record)!);
    await dataSource.transaction((manager) => new IdentityResolution(new AuditLog(dataSource)).resolveWithin(manager, people));
    const decisions = async () =>
      (
        await dataSource.query(`
          SELECT (SELECT count(*) FROM identity_record)::int AS crosswalk,
                 (SELECT count(*) FROM identity_event)::int AS events,
                 (SELECT sum(jsonb_array_length(details->'decisions')) FROM audit_entry WHERE kind = 'identity-link')::int AS audited`)
      )[0];
    const decided = await decisions();
    const ada = await sidOf('lea-255901.sis', 'C-1');
    expect(await sidOf('hhs.case-management', 'HHS-31')).toBe(ada);

    // Redelivered to a restarted instance, whose in-memory index starts empty.
    const outcome = await deliver(pipeline(), batch);
    expect(outcome).toMatchObject({ stored: 2, rejected: 0 });
    expect(await decisions()).toEqual(decided);
    expect(await sidOf('lea-255901.sis', 'C-1')).toBe(ada);
    expect((await records.currentRecordsOf(ada!)).map((record) => record.sourceSystem).sort()).toEqual(['hhs.case-management', 'lea-255901.sis']);
  });

  it('publishes each decision on the identity topic with evidence but no names, and audits it in the hash chain', async () => {
    // The outbox the pipeline wrote, published as the worker's relay does.
    expect(await new IdentityEventRelay(dataSource, producer, topics.identityEvents).flush()).toBeGreaterThanOrEqual(4);
    const consumer = createKafka(testKafka(), 'identity-reader', logger).consumer({ groupId: `${topics.prefix}identity-reader` });
    const events: Array<Record<string, unknown>> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: topics.identityEvents, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void events.push(JSON.parse(String(message.value))) });
    try {
      // Every decision of this file is on the topic; wait for the one looked at below, not just the first few.
      await eventually(() => expect(events.some((event) => event.localId === 'HHS-9')).toBe(true));
    } finally {
      await consumer.disconnect();
    }
    const hhsLink = events.find((event) => event.localId === 'HHS-9');
    expect(hhsLink).toMatchObject({ type: 'link', sourceSystem: 'hhs.case-management', sid: await sidOf('lea-255901.sis', 'A-1') });
    expect((hhsLink?.evidence as Array<{ field: string }>).map((e) => e.field)).toEqual(expect.arrayContaining(['birth_date']));
    expect(JSON.stringify(events)).not.toMatch(/Maya|MAYA|Okafor|Castillo/);

    const verdict = await new AuditChainVerifier(dataSource).verify();
    expect(verdict).toMatchObject({ intact: true });
    const [audited] = await dataSource.query(`SELECT count(*)::int AS entries FROM audit_entry WHERE kind = 'identity-link'`);
    expect(audited.entries).toBeGreaterThanOrEqual(3);
  });
});
