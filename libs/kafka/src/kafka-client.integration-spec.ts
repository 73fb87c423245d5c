import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { BatchConsumer, connectProducer, consumerLag, createKafka, ensureTopics, waitForStableGroup, type InboundMessage } from './index';

// The broker Jest global setup provisioned. (libs/test-environment publishes it, but it depends
// on this library through provisioning, so this spec reads the variable itself.)
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
const prefix = `t${randomBytes(4).toString('hex')}.kafka.`;
const logger = pino({ level: 'silent' });

async function eventually(check: () => Promise<void> | void, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('libs/kafka against a real broker', () => {
  const kafka = createKafka(brokers, 'kafka-lib-test');

  it('creates missing topics once, and a message reaches a consumer with its key, partition and headers as sent', async () => {
    const topic = `${prefix}roundtrip`;
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics([{ topic }])).toBe(false);
      expect((await admin.fetchTopicOffsets(topic)).map((offsets) => offsets.partition).sort()).toEqual([0, 1]);
    } finally {
      await admin.disconnect();
    }

    const producer = await connectProducer(kafka);
    try {
      await producer.send({ topic, messages: [{ key: 'k-1', value: 'first', partition: 1, headers: { 'lantern.event.id': '7', 'content-type': 'text/plain' } }] });
      await producer.sendBatch({ topicMessages: [{ topic, messages: [{ key: Buffer.from('k-2'), value: Buffer.from('second'), partition: 1 }] }] });
    } finally {
      await producer.disconnect();
    }

    const consumer = kafka.consumer({ groupId: `${prefix}reader` });
    const received: InboundMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(message) });
      await eventually(() => expect(received).toHaveLength(2));
    } finally {
      await consumer.disconnect();
    }
    expect(received.map(({ topic, partition, offset, key, value, headers }) => ({ topic, partition, offset, key: String(key), value: String(value), headers }))).toEqual([
      { topic, partition: 1, offset: '0', key: 'k-1', value: 'first', headers: { 'lantern.event.id': '7', 'content-type': 'text/plain' } },
      { topic, partition: 1, offset: '1', key: 'k-2', value: 'second', headers: {} },
    ]);
  });

  it('gives a topic the settings its spec names: at creation, and later to one made without them, keeping its other settings', async () => {
    const topic = `${prefix}configs`;
    await ensureTopics(kafka, [{ topic, numPartitions: 1, configs: { 'max.message.bytes': '200000' } }]);
    await ensureTopics(kafka, [{ topic, numPartitions: 1, configs: { 'cleanup.policy': 'compact', 'delete.retention.ms': '3600000' } }]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.describeTopicConfigs(topic)).toEqual({ 'max.message.bytes': '200000', 'cleanup.policy': 'compact', 'delete.retention.ms': '3600000' });
    } finally {
      await admin.disconnect();
    }
  });

  it('BatchConsumer commits only after the handler returned: a failed batch comes again, and the group ends with no lag', async () => {
    const topic = `${prefix}batches`;
    const groupId = `${prefix}batch-group`;
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const producer = await connectProducer(kafka);
    await producer.send({ topic, messages: ['a', 'b', 'c'].map((value) => ({ key: value, value })) });
    await producer.disconnect();

    const deliveries: string[][] = [];
    const consumer = new BatchConsumer(
      kafka,
      {
        groupId,
        topics: [topic],
        handleBatch: async (messages) => {
          deliveries.push(messages.map((message) => String(message.value)));
          if (deliveries.length === 1) throw new Error('the first delivery fails');
        },
      },
      logger,
    );
    await consumer.start();
    try {
      await waitForStableGroup(kafka, groupId);
      await eventually(async () => expect((await consumerLag(kafka, groupId, [topic])).get(topic)).toBe(0));
      const admin = kafka.admin();
      await admin.connect();
      try {
        const group = await admin.describeGroup(groupId);
        expect(group).toMatchObject({ groupId, state: 'Stable' });
        expect(group.members.map((member) => member.assignment)).toEqual([{ [topic]: [0] }]);
      } finally {
        await admin.disconnect();
      }
    } finally {
      await consumer.stop();
    }
    // The failed delivery committed nothing, so the same messages came again.
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(deliveries[1]).toEqual(deliveries[0]);
    expect(new Set(deliveries.flat())).toEqual(new Set(['a', 'b', 'c']));
  });
});
