import type { ContractRegistry } from '@lantern/contracts';
import type { TopicSpec } from '@lantern/kafka';

const PARTITIONS_PER_TOPIC = 3;
const DAY_MS = 86_400_000;
/**
 * How long Kafka keeps what agencies send and what the hub dead-letters (ADR 0016): long enough
 * to ride out a week-long consumer outage; by then every message is stored or rejected (with
 * its bytes) in PostgreSQL, so Kafka need not hold children's records longer.
 */
const RETENTION = { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS) };

/** No dots, so no producer's topic prefix is the start of another's (`src.a.` never matches `src.a.b.…` of a producer `a.b`). */
const PRODUCER_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const PRODUCER_SEGMENT = 'src.';

/** Whether this names a producing system: 1 to 64 lower-case letters, digits and inner hyphens. */
export function isProducerId(value: unknown): value is string {
  return typeof value === 'string' && PRODUCER_ID.test(value);
}

/**
 * The topics the hub reads and writes. A prefix keeps parallel test runs (and tenants
 * sharing a cluster) apart; in production it is empty. A producing system with a Kafka
 * principal of its own writes each contract's topic under its own prefix,
 * `src.<producer>.<contract topic>`, the only topics its ACL lets it write (ADR 0017); the
 * shared contract topics are for the hub's own tools.
 */
export class HubTopics {
  readonly deadLetter: string;
  /** Links, new SIDs, reviews, merges and splits, keyed by SID. */
  readonly identityEvents: string;
  private readonly contractByTopic: Map<string, string>;

  constructor(
    private readonly registry: ContractRegistry,
    readonly prefix = '',
  ) {
    this.deadLetter = prefix + registry.deadLetter.topic;
    this.identityEvents = prefix + registry.identityEvents.topic;
    this.contractByTopic = new Map(registry.contracts().map((contract) => [prefix + contract.topic, contract.id]));
  }

  /** Every inbound topic, one per contract. */
  inbound(): string[] {
    return [...this.contractByTopic.keys()];
  }

  topicFor(contractId: string): string {
    return this.prefix + this.registry.topicFor(contractId);
  }

  /** The contract whose records belong on this topic, shared or a producer's. */
  contractOn(topic: string): string | undefined {
    const producer = this.producerOf(topic);
    return this.contractByTopic.get(producer === undefined ? topic : this.prefix + topic.slice(this.producerPrefix(producer).length));
  }

  /** The producing system whose own topic this is; undefined for the shared topics. */
  producerOf(topic: string): string | undefined {
    const own = this.prefix + PRODUCER_SEGMENT;
    if (!topic.startsWith(own)) return undefined;
    const producer = topic.slice(own.length).split('.', 1)[0];
    return isProducerId(producer) ? producer : undefined;
  }

  /** Where a producing system may write: every topic starting with this (its PREFIXED WRITE ACL). */
  producerPrefix(producerId: string): string {
    if (!isProducerId(producerId)) throw new Error(`a producer id is 1 to 64 lower-case letters, digits and inner hyphens, got "${producerId}"`);
    return `${this.prefix}${PRODUCER_SEGMENT}${producerId}.`;
  }

  /** A producing system's own inbound topics, one per contract. */
  producerTopics(producerId: string): string[] {
    const own = this.producerPrefix(producerId);
    return this.inbound().map((topic) => own + topic.slice(this.prefix.length));
  }

  /** Every topic the hub needs, with those of the given producing systems. */
  all(producerIds: readonly string[] = []): TopicSpec[] {
    const inbound = [...this.inbound(), ...producerIds.flatMap((producer) => this.producerTopics(producer))];
    return [
      ...[...inbound, this.deadLetter].map((topic) => ({ topic, numPartitions: PARTITIONS_PER_TOPIC, configs: RETENTION })),
      { topic: this.identityEvents, numPartitions: PARTITIONS_PER_TOPIC },
    ];
  }
}
