import { AuditLog } from '@lantern/audit';
import type { ContractRegistry } from '@lantern/contracts';
import type { HubProducer } from '@lantern/kafka';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { DeadLetterPublisher } from './dead-letter-publisher';
import type { HubTopics } from './hub-topics';
import { IdentityResolution } from '@lantern/identity-service';
import { IngestBatchProcessor } from './ingest-batch-processor';
import { RecordStore } from './record-store';

/**
 * The ingest pipeline as the service runs it (and tests drive it): validation, references,
 * identity, storage, dead letters. Identity events stay in their outbox for the worker to publish.
 */
export function createIngestPipeline(options: { dataSource: DataSource; registry: ContractRegistry; topics: HubTopics; producer: HubProducer; maxMessageBytes: number; logger: Logger }) {
  const { dataSource, registry, topics, producer, maxMessageBytes, logger } = options;
  const store = new RecordStore(dataSource, new IdentityResolution(new AuditLog(dataSource)), logger);
  const processor = new IngestBatchProcessor(registry, topics, store, new DeadLetterPublisher(producer, topics.deadLetter, registry.deadLetter), { maxMessageBytes }, logger);
  return { store, processor };
}
