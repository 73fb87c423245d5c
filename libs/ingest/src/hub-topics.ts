import type { ContractRegistry } from '@lantern/contracts';

const PARTITIONS_PER_TOPIC = 3;

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

  all(): Array<{ topic: string; numPartitions: number }> {
    return [...this.inbound(), this.deadLetter, this.identityEvents].map((topic) => ({ topic, numPartitions: PARTITIONS_PER_TOPIC }));
  }
}
