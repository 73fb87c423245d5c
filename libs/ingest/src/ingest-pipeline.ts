import { AuditLog } from '@lantern/audit';
import type { ContractRegistry } from '@lantern/contracts';
import type { HubProducer } from '@lantern/kafka';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { DeadLetterPublisher } from './dead-letter-publisher';
import type { HubTopics } from './hub-topics';
import { IdentityResolution, personIdentityOf } from '@lantern/identity-service';
import { RecordsReadModel } from '@lantern/records';
import { IngestBatchProcessor } from './ingest-batch-processor';
import { ProducerGrants, ProducingSystems } from './producing-systems';
import { identifiedOnIngest, RecordStore } from './record-store';

/**
 * The ingest pipeline as the service runs it (and tests drive it): validation, references,
 * identity, storage, dead letters. Identity events stay in their outbox for the worker to publish.
 */
export function createIngestPipeline(options: { dataSource: DataSource; registry: ContractRegistry; topics: HubTopics; producer: HubProducer; maxMessageBytes: number; logger: Logger }) {
  const { dataSource, registry, topics, producer, maxMessageBytes, logger } = options;
  // Released records are resolved as they would have been on arrival: not at all where another part of the hub does it.
  const personOf = (contractId: string, sourceSystem: string, record: unknown) => {
    const contract = registry.contract(contractId);
    return identifiedOnIngest(contract) ? personIdentityOf(contract, sourceSystem, record) : undefined;
  };
  const store = new RecordStore(dataSource, new IdentityResolution(new AuditLog(dataSource)), personOf, logger);
  const producers = new ProducingSystems(dataSource, new AuditLog(dataSource));
  const processor = new IngestBatchProcessor(
    registry,
    topics,
    store,
    new DeadLetterPublisher(producer, topics.deadLetter, registry.deadLetter),
    { maxMessageBytes },
    logger,
    new ProducerGrants(producers),
    (schoolIds) => new RecordsReadModel(dataSource).schoolClaims(schoolIds),
  );
  return { store, processor, producers };
}
