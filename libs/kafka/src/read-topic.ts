import { randomUUID } from 'node:crypto';
import type { InboundMessage, KafkaClient } from './kafka-types';

/**
 * Every message on `topic` up to its end as this call finds it, e.g. a compacted topic read
 * whole. Reads as a consumer group of its own (`groupPrefix` and a random suffix), made for this
 * one read, so no other reader's position moves. Fails after `timeoutMs` if the end is not reached.
 */
export async function readTopicToEnd(kafka: KafkaClient, topic: string, groupPrefix: string, timeoutMs = 60_000): Promise<InboundMessage[]> {
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
  const consumer = kafka.consumer({ groupId: `${groupPrefix}-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not read ${topic} to its end within ${timeoutMs / 1000} s`)), timeoutMs);
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
