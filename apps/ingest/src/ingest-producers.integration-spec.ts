import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditLog } from '@lantern/audit';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { HubTopics, ProducingSystems, registerProducingSystem } from '@lantern/ingest';
import { connectProducer, createKafka, type KafkaConnection } from '@lantern/kafka';
import { createJsonLogger } from '@lantern/observability';
import { createHubDataSource, migrateDatabase } from '@lantern/persistence';
import { createTestDatabase, eventually, testKafka, testTopicPrefix } from '@lantern/test-environment';
import type { DataSource } from 'typeorm';
import { IngestModule } from './ingest.module';
import { ingestTestSettings } from './testing/ingest-test-settings';

const logger = createJsonLogger('ingest-producers-test', 'warn');
const registry = ContractRegistry.default();
const quick = { connectionTimeoutMs: 3_000, requestTimeoutMs: 5_000, retries: 0 };

const student = (sourceSystem: string, studentUniqueId: string): Envelope => ({
  ...registry.readExample(registry.contract('edfi.student')),
  sourceSystem,
  record: { studentUniqueId, firstName: 'Ada', lastSurname: 'Quintero', birthDate: '2012-12-10' },
});
const districtRecord = (sourceSystem: string, localEducationAgencyId: number): Envelope => {
  const example = registry.readExample(registry.contract('edfi.localEducationAgency'));
  return { ...example, sourceSystem, record: { ...(example.record as object), localEducationAgencyId } };
};
const school = (sourceSystem: string, schoolId: number, districtId: number): Envelope => {
  const example = registry.readExample(registry.contract('edfi.school'));
  return { ...example, sourceSystem, record: { ...(example.record as object), schoolId, localEducationAgencyReference: { localEducationAgencyId: districtId } } };
};
const enrolment = (sourceSystem: string, studentUniqueId: string, schoolId: number): Envelope => {
  const example = registry.readExample(registry.contract('edfi.studentSchoolAssociation'));
  return { ...example, sourceSystem, record: { ...(example.record as object), studentReference: { studentUniqueId }, schoolReference: { schoolId } } };
};

/** Publishes as the given principal (registration returned only once it could log in). */
async function publishAs(connection: KafkaConnection, topic: string, envelope: Envelope): Promise<void> {
  const producer = await connectProducer(createKafka(connection, 'ingest-producers-test', undefined, quick));
  try {
    await producer.send({ topic, messages: [{ key: envelope.sourceSystem, value: JSON.stringify(envelope), partition: 0 }] });
  } finally {
    await producer.disconnect();
  }
}

describe('a producing system publishes only as the sources it is registered for (ADR 0017)', () => {
  jest.setTimeout(120_000);
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let ingest: INestApplicationContext;
  let topics: HubTopics;
  let district: KafkaConnection;
  const producerId = `district-${Date.now().toString(36)}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateDatabase(database.ownerUrl);
    dataSource = createHubDataSource(database.url, []);
    await dataSource.initialize();
    const prefix = testTopicPrefix();
    topics = new HubTopics(registry, prefix);
    district = await register(producerId, 'lea-255901.sis', ['255901']);
    ingest = await NestFactory.createApplicationContext(
      IngestModule.forRoot(
        // Its sweep picks up producing systems registered while it runs.
        ingestTestSettings(database.url, prefix, { INGEST_SWEEP_SECONDS: 1 }),
        logger,
      ),
      { logger: false },
    );
  });

  /** Registers a producing system as npm start does, and gives its own connection. */
  async function register(id: string, sourceSystem: string, educationOrganizationIds: string[] = []): Promise<KafkaConnection> {
    const hub = testKafka();
    const registered = await registerProducingSystem(
      { topics, hub, registry: new ProducingSystems(dataSource, new AuditLog(dataSource)) },
      id,
      { sourceSystems: [sourceSystem], agencyIds: [], educationOrganizationIds },
      'ingest-producers-test',
    );
    return { brokers: hub.brokers, security: { caPem: hub.security!.caPem, username: registered.username, password: registered.password } };
  }

  afterAll(async () => {
    await ingest?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const ownStudentTopic = (producer = producerId) => topics.producerTopics(producer).find((topic) => topic.endsWith(topics.topicFor('edfi.student').slice(topics.prefix.length)))!;
  const stored = async (studentUniqueId: string) =>
    Number((await dataSource.query(`SELECT count(*) FROM record_version WHERE natural_key = $1`, [registry.naturalKey('edfi.student', { studentUniqueId })]))[0].count);

  it('stores what it publishes on its own topics for a source system it is registered for', async () => {
    await publishAs(district, ownStudentTopic(), student('lea-255901.sis', 'P-1'));
    await eventually(async () => expect(await stored('P-1')).toBe(1), { timeoutMs: 60_000 });
  });

  it('rejects, at stage producer, an envelope naming another source system, and stores nothing of it', async () => {
    await publishAs(district, ownStudentTopic(), student('lea-255999.sis', 'P-2'));
    const rejects = async () => dataSource.query(`SELECT stage, error_path, source_system FROM ingest_reject WHERE topic = $1`, [ownStudentTopic()]);
    await eventually(async () => expect(await rejects()).toEqual([{ stage: 'producer', error_path: '/sourceSystem', source_system: 'lea-255999.sis' }]), { timeoutMs: 60_000 });
    expect(await stored('P-2')).toBe(0);
  });

  it('cannot write the shared contract topics, which any source could claim on', async () => {
    await expect(publishAs(district, topics.topicFor('edfi.student'), student('lea-255901.sis', 'P-3'))).rejects.toThrow(/authori[sz]/i);
  });
  it('publishes enrolments only at its own district’s schools: another district’s school, or a school it claims from another district, is rejected at stage producer', async () => {
    const topicOf = (contract: string) => topics.producerTopics(producerId).find((topic) => topic.endsWith(topics.topicFor(contract).slice(topics.prefix.length)))!;
    const rejectsOn = (topic: string) => dataSource.query(`SELECT stage, error_path FROM ingest_reject WHERE topic = $1 AND stage = 'producer' ORDER BY id`, [topic]);
    const enrolments = async (schoolId: number) =>
      Number(
        (
          await dataSource.query(`SELECT count(*) FROM record_version WHERE contract_id = 'edfi.studentSchoolAssociation' AND record #>> '{schoolReference,schoolId}' = $1`, [
            String(schoolId),
          ])
        )[0].count,
      );
    // The state directory (a hub principal, on the shared topics) places school 255999001 in district 255999;
    // the district publishes its own district record (schools wait for their district's, ADR 0003).
    await publishAs(testKafka(), topics.topicFor('edfi.localEducationAgency'), districtRecord('state-directory', 255999));
    await publishAs(testKafka(), topics.topicFor('edfi.school'), school('state-directory', 255999001, 255999));
    await publishAs(district, topicOf('edfi.localEducationAgency'), districtRecord('lea-255901.sis', 255901));
    await eventually(async () => expect(Number((await dataSource.query(`SELECT count(*) FROM record_version WHERE contract_id = 'edfi.school'`))[0].count)).toBe(1), { timeoutMs: 60_000 });

    // Its own school, then an enrolment there: both stored.
    await publishAs(district, topicOf('edfi.school'), school('lea-255901.sis', 255901001, 255901));
    await eventually(async () => expect(Number((await dataSource.query(`SELECT count(*) FROM record_version WHERE contract_id = 'edfi.school'`))[0].count)).toBe(2), { timeoutMs: 60_000 });
    await publishAs(district, topicOf('edfi.studentSchoolAssociation'), enrolment('lea-255901.sis', 'P-1', 255901001));
    await eventually(async () => expect(await enrolments(255901001)).toBe(1), { timeoutMs: 60_000 });

    // Another district's school: the enrolment would let district 255901 read a child of 255999.
    await publishAs(district, topicOf('edfi.studentSchoolAssociation'), enrolment('lea-255901.sis', 'P-1', 255999001));
    await eventually(async () => expect(await rejectsOn(topicOf('edfi.studentSchoolAssociation'))).toEqual([{ stage: 'producer', error_path: '/schoolReference/schoolId' }]), {
      timeoutMs: 60_000,
    });
    // Nor can it claim that school for itself with a School record of its own.
    await publishAs(district, topicOf('edfi.school'), school('lea-255901.sis', 255999001, 255901));
    await eventually(async () => expect(await rejectsOn(topicOf('edfi.school'))).toEqual([{ stage: 'producer', error_path: '/localEducationAgencyReference/localEducationAgencyId' }]), {
      timeoutMs: 60_000,
    });
    expect(await enrolments(255999001)).toBe(0);
  });

  it('consumes a producing system registered while it runs, without a restart', async () => {
    const late = `${producerId}-late`;
    const connection = await register(late, 'lea-255902.sis');
    await publishAs(connection, ownStudentTopic(late), student('lea-255902.sis', 'P-4'));
    await eventually(async () => expect(await stored('P-4')).toBe(1), { timeoutMs: 90_000, intervalMs: 500 });
  });
});
