import type { InboundMessage, KafkaClient } from '@lantern/kafka';
import { randomUUID } from 'node:crypto';

const READ_TIMEOUT_MS = 60_000;

/**
 * Every message on the checkpoint topic up to its end as this call finds it (a compacted topic:
 * each checkpoint once). Reads as a consumer group of its own, made for this one read, so no
 * other reader's position moves.
 */
export async function readCheckpointMessages(kafka: KafkaClient, topic: string): Promise<InboundMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let lastOffsets: Map<number, bigint>;
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    const partitions = await admin.fetchTopicOffsets(topic);
    lastOffsets = new Map(partitions.filter(({ low, high }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => [partition, BigInt(high) - 1n]));
  } finally {
    await admin.disconnect();
  }
  if (lastOffsets.size === 0) return [];

  const messages: InboundMessage[] = [];
  const unread = new Set(lastOffsets.keys());
  const consumer = kafka.consumer({ groupId: `lantern-cli-audit-verify-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not read ${topic} to its end within ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const last = lastOffsets.get(partition) ?? -1n;
            if (BigInt(message.offset) <= last) messages.push(message);
            if (BigInt(message.offset) >= last) unread.delete(partition);
            if (unread.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
