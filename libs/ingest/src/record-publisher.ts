import type { ContractRegistry, Envelope } from '@lantern/contracts';
import type { HubProducer } from '@lantern/kafka';
import type { HubTopics } from './hub-topics';

/**
 * Publishes records the way agency systems are asked to: the envelope as the JSON value,
 * on the contract's topic, keyed by the record's natural key so that one source record's
 * versions stay in order on one partition.
 */
export class RecordPublisher {
  constructor(
    private readonly producer: HubProducer,
    private readonly registry: ContractRegistry,
    private readonly topics: HubTopics,
  ) {}

  async publish(envelopes: Envelope[]): Promise<void> {
    const byTopic = new Map<string, Array<{ key: string; value: string }>>();
    for (const envelope of envelopes) {
      const topic = this.topics.topicFor(envelope.contract);
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: this.registry.naturalKey(envelope.contract, envelope.record), value: JSON.stringify(envelope) });
      byTopic.set(topic, messages);
    }
    await this.producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }
}
