import { type ContractRegistry, parseMessage } from '@lantern/contracts';
import type { InboundMessage } from '@lantern/kafka';
import { retryTransientDatabaseErrors } from '@lantern/persistence';
import type { Logger } from 'pino';
import type { DeadLetterPublisher } from './dead-letter-publisher';
import type { HubTopics } from './hub-topics';
import { organizationRefusal, organizationsOfRecord, type OrganizationsOfRecord, type SchoolClaim, schoolsToLookUp } from './organization-authority';
import type { ProducerGrant, ProducerGrants } from './producing-systems';
import { personIdentityOf } from '@lantern/identity-service';
import { type AcceptedVersion, identifiedOnIngest, type RecordStore, type RejectedMessage } from './record-store';

export interface BatchOutcome {
  topic: string;
  received: number;
  stored: number;
  duplicates: number;
  parked: number;
  released: number;
  rejected: number;
}

/**
 * One consumed batch: validate each message against its contract, resolve its people and then
 * store the accepted versions and the rejects (RecordStore.save), then dead-letter the rejects. Every
 * message ends in exactly one place, and a bad one never holds back the ones behind it. The
 * identity events the batch wrote to the outbox are published by the worker's relay, not here.
 */
export class IngestBatchProcessor {
  constructor(
    private readonly registry: ContractRegistry,
    private readonly topics: HubTopics,
    private readonly store: RecordStore,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly limits: { maxMessageBytes: number },
    private readonly logger: Logger,
    private readonly producers: ProducerGrants,
    private readonly schoolClaims: (schoolIds: readonly string[]) => Promise<SchoolClaim[]>,
  ) {}

  async process(messages: InboundMessage[]): Promise<BatchOutcome> {
    const arrivedAt = new Date();
    const accepted: AcceptedVersion[] = [];
    const rejected: RejectedMessage[] = [];
    const producers = [...new Set(messages.flatMap((message) => this.topics.producerOf(message.topic) ?? []))];
    const grants = new Map(await Promise.all(producers.map(async (producer) => [producer, await this.producers.grantOf(producer)] as const)));
    const fromProducers: Array<{ version: AcceptedVersion; grant: ProducerGrant; organizations: OrganizationsOfRecord }> = [];
    for (const message of messages) {
      const producer = this.topics.producerOf(message.topic);
      const result = this.classify(message, producer === undefined ? undefined : { producer, grant: grants.get(producer) });
      if ('stage' in result) rejected.push(result);
      else if (producer !== undefined && result.operation === 'upsert') {
        fromProducers.push({ version: result, grant: grants.get(producer)!, organizations: organizationsOfRecord(this.registry.contract(result.contractId), result.record) });
      } else accepted.push(result);
    }
    // A producing system publishes only about its own districts and schools (ADR 0017).
    const claims = await this.schoolClaims([...new Set(fromProducers.flatMap(({ organizations, grant }) => schoolsToLookUp(organizations, grant)))]);
    for (const { version, grant, organizations } of fromProducers) {
      const refusal = organizationRefusal(organizations, grant, claims);
      if (!refusal) accepted.push(version);
      else {
        rejected.push({
          message: version.message,
          stage: 'producer',
          errorPath: refusal.at,
          errorMessage: refusal.reason,
          contractId: version.contractId,
          sourceSystem: version.sourceSystem,
        });
      }
    }
    // A database that is restarting or failing over must not turn valid records into rejects:
    // the batch waits and is saved again (every write is idempotent), its offsets uncommitted.
    const saved = await retryTransientDatabaseErrors(() => this.store.save(accepted, rejected, arrivedAt), {
      onRetry: (error, attempt, delayMs) =>
        this.logger.warn({ err: error, attempt, delayMs, topic: messages[0]?.topic, partition: messages[0]?.partition }, 'database unavailable; saving the batch again'),
    });
    const allRejects = [...rejected, ...saved.refused];
    await this.deadLetters.publish(allRejects);

    const outcome: BatchOutcome = {
      topic: messages[0]?.topic ?? '',
      received: messages.length,
      stored: saved.stored,
      duplicates: saved.duplicates,
      parked: saved.parked,
      released: saved.released,
      rejected: allRejects.length,
    };
    this.logger.info({ ...outcome, partition: messages[0]?.partition }, 'batch ingested');
    return outcome;
  }

  /** `from`: the producing system whose own topic the message is on (ADR 0017), with what it may publish as. */
  private classify(message: InboundMessage, from?: { producer: string; grant: ProducerGrant | undefined }): AcceptedVersion | RejectedMessage {
    const parsed = parseMessage(message.value, this.registry, { maxBytes: this.limits.maxMessageBytes });
    if (parsed.kind === 'rejected') {
      const { stage, errorPath, message: errorMessage, contractId, sourceSystem } = parsed;
      return { message, stage, errorPath, errorMessage, contractId, sourceSystem };
    }
    const { envelope, naturalKey } = parsed;
    const expectedContract = this.topics.contractOn(message.topic);
    if (envelope.contract !== expectedContract) {
      return {
        message,
        stage: 'contract',
        errorPath: '/contract',
        errorMessage: `contract ${envelope.contract} does not belong on this topic (expected ${expectedContract ?? 'none'})`,
        contractId: envelope.contract,
        sourceSystem: envelope.sourceSystem,
      };
    }
    // The broker proved who wrote to this topic; the envelope must not claim another source.
    if (from && !from.grant?.sourceSystems.includes(envelope.sourceSystem)) {
      return {
        message,
        stage: 'producer',
        errorPath: '/sourceSystem',
        errorMessage: `the producing system ${from.producer} is not registered to publish for this source system`,
        contractId: envelope.contract,
        sourceSystem: envelope.sourceSystem,
      };
    }
    return {
      message,
      contractId: envelope.contract,
      contractVersion: envelope.contractVersion,
      sourceSystem: envelope.sourceSystem,
      naturalKey,
      operation: envelope.operation,
      eventTime: envelope.eventTime,
      record: envelope.record,
      references: envelope.operation === 'upsert' ? this.registry.referencesOf(envelope.contract, envelope.record) : [],
      person: personIdentityOf(parsed.contract, envelope.sourceSystem, envelope.record),
      identifyPerson: identifiedOnIngest(parsed.contract),
    };
  }
}
