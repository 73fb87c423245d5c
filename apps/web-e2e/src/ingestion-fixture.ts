// Ingestion traffic for the browser tests, sent through the real broker before the ingest service
// starts (it reads its topics from the beginning): students a source system publishes on the shared
// topic, one of them without its birth date (rejected at stage schema), and a student a producing
// system publishes on its own topic under a source system it is not registered for (rejected at stage
// producer). Registering it again with that source system is the fix after which a replay stores it.
import { AuditLog } from '@lantern/audit';
import { ContractRegistry, type Envelope } from '@lantern/contracts';
import { HubTopics, ProducingSystems, RecordPublisher, registerProducingSystem } from '@lantern/ingest';
import { connectProducer, createKafka, type KafkaConnection } from '@lantern/kafka';
import type { DataSource } from 'typeorm';

export const INGESTION_FIXTURE = {
  /** Publishes on the shared topics: two students stored, one rejected. */
  source: 'e2e-sis-255901',
  /** Its producing system, at first registered for another source system only. */
  producer: { producerId: 'e2e-district', sourceSystems: ['e2e-district-legacy'], agencyIds: [], educationOrganizationIds: ['255901'] },
  producerSource: 'e2e-district-sis',
  /** The rejects' reasons as the steward reads them. */
  schemaReason: "must have required property 'birthDate'",
  producerReason: 'the producing system e2e-district is not registered to publish for this source system',
};

const student = (sourceSystem: string, contractVersion: string, record: Record<string, string>): Envelope => ({
  contract: 'edfi.student',
  contractVersion,
  operation: 'upsert',
  sourceSystem,
  eventTime: '2026-09-01T08:00:00Z',
  record,
});

export async function publishIngestionFixture(dataSource: DataSource, hub: KafkaConnection, topicPrefix: string): Promise<void> {
  const registry = ContractRegistry.default();
  const topics = new HubTopics(registry, topicPrefix);
  const version = registry.contract('edfi.student').version;
  // Creates the hub's topics and the producer's, and its login.
  const producer = await registerProducingSystem(
    { topics, hub, registry: new ProducingSystems(dataSource, new AuditLog(dataSource)) },
    INGESTION_FIXTURE.producer.producerId,
    INGESTION_FIXTURE.producer,
    'e2e',
  );

  const hubProducer = await connectProducer(createKafka(hub, 'lantern-e2e-ingestion-fixture'));
  try {
    await new RecordPublisher(hubProducer, registry, topics).publish([
      student(INGESTION_FIXTURE.source, version, { studentUniqueId: '770001', firstName: 'Ana', lastSurname: 'Reyes', birthDate: '2013-05-02' }),
      student(INGESTION_FIXTURE.source, version, { studentUniqueId: '770002', firstName: 'Ben', lastSurname: 'Osei', birthDate: '2012-10-19' }),
      student(INGESTION_FIXTURE.source, version, { studentUniqueId: '770003', firstName: 'Cai', lastSurname: 'Lindqvist' }),
    ]);
  } finally {
    await hubProducer.disconnect();
  }

  const ownLogin: KafkaConnection = { brokers: hub.brokers, security: { ...hub.security!, username: producer.username, password: producer.password } };
  const districtProducer = await connectProducer(createKafka(ownLogin, 'lantern-e2e-ingestion-district'));
  try {
    const envelope = student(INGESTION_FIXTURE.producerSource, version, { studentUniqueId: '770004', firstName: 'Dara', lastSurname: 'Nwosu', birthDate: '2014-02-11' });
    const topic = topics.producerPrefix(INGESTION_FIXTURE.producer.producerId) + registry.topicFor('edfi.student');
    await districtProducer.send({ topic, messages: [{ key: registry.naturalKey('edfi.student', envelope.record), value: JSON.stringify(envelope) }] });
  } finally {
    await districtProducer.disconnect();
  }
}
