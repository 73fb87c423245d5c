import { KAFKA_CONNECTION_SETTINGS, loadSettings } from '@lantern/config';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import pino from 'pino';
import {
  BatchConsumer,
  connectProducer,
  consumerLag,
  createKafka,
  describeCluster,
  ensureTopics,
  kafkaConnectionOf,
  waitForStableGroup,
  type InboundMessage,
  type KafkaConnection,
} from './index';

// The broker Jest global setup provisioned. (libs/test-environment publishes it, but it depends
// on this library through provisioning, so this spec reads the hub's Kafka settings itself.)
const connection = kafkaConnectionOf(loadSettings(KAFKA_CONNECTION_SETTINGS));
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
  const kafka = createKafka(connection, 'kafka-lib-test');

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
  describe('a secured broker (as npm start and the tests run it)', () => {
    const quick = { connectionTimeoutMs: 2_000, requestTimeoutMs: 3_000, retries: 0 };
    const answers = (other: KafkaConnection) => describeCluster(createKafka(other, 'kafka-lib-intruder', undefined, quick));
    const security = connection.security!;

    it('is secured in this run', () => {
      expect(security).toBeDefined();
    });

    it('refuses a client that does not authenticate: plaintext, or TLS without SASL', async () => {
      await expect(answers({ brokers: connection.brokers })).rejects.toThrow();
      await expect(answers({ brokers: connection.brokers, security: { ...security, username: '', password: '' } })).rejects.toThrow();
    });

    it('refuses a wrong password and an unknown user', async () => {
      await expect(answers({ brokers: connection.brokers, security: { ...security, password: `${security.password}x` } })).rejects.toThrow();
      await expect(answers({ brokers: connection.brokers, security: { ...security, username: 'partner-nobody' } })).rejects.toThrow();
    });

    it('is trusted only through the CA the hub was given: another CA does not vouch for the broker', async () => {
      const foreignCaPem = otherAuthorityPem();
      await expect(answers({ brokers: connection.brokers, security: { ...security, caPem: foreignCaPem } })).rejects.toThrow();
      await expect(answers(connection)).resolves.toBeDefined();
    });
  });
});

/** A CA certificate of some other authority, PEM. */
function otherAuthorityPem(): string {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  certificate.serialNumber = '01';
  certificate.validity.notBefore = new Date(Date.now() - 60_000);
  certificate.validity.notAfter = new Date(Date.now() + 86_400_000);
  certificate.setSubject([{ shortName: 'CN', value: 'Someone else' }]);
  certificate.setIssuer([{ shortName: 'CN', value: 'Someone else' }]);
  certificate.setExtensions([{ name: 'basicConstraints', cA: true }]);
  certificate.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(certificate);
}
