import type { DeadLetterSpec } from '@lantern/contracts';
import type { HubProducer } from '@lantern/kafka';
import type { RejectedMessage } from './record-store';

/**
 * Sends rejects to the dead-letter topic with Kafka Connect-style error headers (names from
 * contracts/catalog.json), keeping the original key and bytes so a fixed message can be
 * replayed as it was.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: HubProducer,
    private readonly topic: string,
    private readonly spec: DeadLetterSpec,
  ) {}

  async publish(rejects: RejectedMessage[]): Promise<void> {
    if (rejects.length === 0) return;
    const header = this.spec.headers;
    const deadLetteredAt = new Date().toISOString();
    await this.producer.send({
      topic: this.topic,
      messages: rejects.map((reject) => ({
        key: reject.message.key,
        value: reject.message.value,
        headers: {
          [header.originTopic.name]: reject.message.topic,
          [header.originPartition.name]: String(reject.message.partition),
          [header.originOffset.name]: reject.message.offset,
          [header.stage.name]: reject.stage,
          [header.errorClass.name]: reject.stage === 'write' ? 'RecordRefused' : 'MessageRejected',
          [header.errorPath.name]: reject.errorPath,
          [header.errorMessage.name]: reject.errorMessage,
          [header.deadLetteredAt.name]: deadLetteredAt,
          ...(reject.contractId ? { [header.contractId.name]: reject.contractId } : {}),
        },
      })),
    });
  }
}
