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

/**
 * The topics the hub reads and writes. A prefix keeps parallel test runs (and tenants
 * sharing a cluster) apart; in production it is empty.
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

  /** The contract whose records belong on this topic. */
  contractOn(topic: string): string | undefined {
    return this.contractByTopic.get(topic);
  }

  all(): TopicSpec[] {
    return [
      ...[...this.inbound(), this.deadLetter].map((topic) => ({ topic, numPartitions: PARTITIONS_PER_TOPIC, configs: RETENTION })),
      { topic: this.identityEvents, numPartitions: PARTITIONS_PER_TOPIC },
    ];
  }
}
