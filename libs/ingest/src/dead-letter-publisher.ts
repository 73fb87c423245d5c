import type { Producer } from 'kafkajs';
import type { RejectedMessage } from './record-store';

/**
 * Sends rejects to the dead-letter topic with Kafka Connect-style error headers, keeping
 * the original key and bytes so a fixed message can be replayed as it was.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async publish(rejects: RejectedMessage[]): Promise<void> {
    if (rejects.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      messages: rejects.map((reject) => ({
        key: reject.message.key,
        value: reject.message.value,
        headers: {
          'lantern.dlq.origin.topic': reject.message.topic,
          'lantern.dlq.origin.partition': String(reject.message.partition),
          'lantern.dlq.origin.offset': reject.message.offset,
          'lantern.dlq.stage': reject.stage,
          'lantern.dlq.error.path': reject.errorPath,
          'lantern.dlq.error.message': reject.errorMessage,
          ...(reject.contractId ? { 'lantern.dlq.contract': reject.contractId } : {}),
        },
      })),
    });
  }
}
