import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectProducer, createKafka, ensureTopics } from '@lantern/kafka';
import { isProcessAlive } from '../system/processes';
import { findFreePort } from '../system/ports';
import { RunningKafka, startLocalKafka } from './local-kafka';

/** Command lines of every process that mentions `text`, e.g. a broker's state dir. */
function processesMentioning(text: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(text));
}

describe('startLocalKafka', () => {
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-kafka-'));
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts a broker that creates a topic, takes a message and hands it to a consumer, and stop() ends it', async () => {
    const startedAt = Date.now();
    const broker: RunningKafka = await startLocalKafka({ stateDir });
    const startSeconds = (Date.now() - startedAt) / 1000;
    let stopped = false;
    try {
      expect(broker.brokers).toEqual([expect.stringMatching(/^127\.0\.0\.1:\d+$/)]);
      expect(processesMentioning(stateDir)).toHaveLength(1);

      const kafka = createKafka(broker.connection, 'local-kafka-test');
      await ensureTopics(kafka, [{ topic: 'provisioning.check' }]);
      const admin = kafka.admin();
      await admin.connect();
      expect(await admin.fetchTopicOffsets('provisioning.check')).toHaveLength(3); // num.partitions
      await admin.disconnect();

      const producer = await connectProducer(kafka);
      await producer.send({ topic: 'provisioning.check', messages: [{ key: 'k', value: 'hello broker' }] });
      await producer.disconnect();

      const consumer = kafka.consumer({ groupId: 'provisioning-check' });
      await consumer.connect();
      await consumer.subscribe({ topic: 'provisioning.check', fromBeginning: true });
      const received = await new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
      });
      await consumer.disconnect();
      expect(received).toBe('hello broker');

      await broker.stop();
      stopped = true;
      expect(isProcessAlive(broker.pid)).toBe(false);
      expect(processesMentioning(stateDir)).toEqual([]);
      console.log(`local broker started in ${startSeconds.toFixed(1)} s`);
    } finally {
      if (!stopped) await broker.stop();
    }
  });

  it('fails with the broker log when the broker cannot start, and leaves no process behind', async () => {
    const occupied = net.createServer();
    const port = await findFreePort();
    await new Promise<void>((resolve) => occupied.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startLocalKafka({ stateDir, port })).rejects.toThrow(/Local Kafka did not start[\s\S]*Address already in use/);
      expect(processesMentioning(stateDir)).toEqual([]);
    } finally {
      occupied.close();
    }
  });
});
