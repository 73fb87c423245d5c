import { KAFKA_CONNECTION_SETTINGS, loadSettings } from '@lantern/config';
import { randomBytes } from 'node:crypto';
import { connectProducer, createKafka, ensureTopics, kafkaConnectionOf, type KafkaConnection } from './index';
import { registerNoticeReaderPrincipal, registerProducingPrincipal } from './principals';
import { canLogIn, setScramCredential } from './scram-credentials';

/** HubTopics.producerPrefix's rule (libs/ingest, which depends on this library). */
const producerTopicPrefix = (producerId: string, hubTopicPrefix: string) => `${hubTopicPrefix}src.${producerId}.`;

// The broker Jest global setup provisioned, with the hub's identity (test-environment depends on this library, so read the settings here).
const hub = kafkaConnectionOf(loadSettings(KAFKA_CONNECTION_SETTINGS));
const run = randomBytes(3).toString('hex');
const hubTopicPrefix = `t${run}.`;
const quick = { connectionTimeoutMs: 3_000, requestTimeoutMs: 5_000, retries: 0 };
const as = (username: string, password: string): KafkaConnection => ({ brokers: hub.brokers, security: { caPem: hub.security!.caPem, username, password } });

/** Logs in with kafkajs, a client apart from the one that set the credential. */
async function logIn(connection: KafkaConnection): Promise<void> {
  const admin = createKafka(connection, 'scram-login-test', undefined, quick).admin();
  try {
    await admin.connect();
  } finally {
    await admin.disconnect();
  }
}

/** The broker applies credentials asynchronously: waits until this one is in force. */
async function untilInForce(connection: KafkaConnection): Promise<void> {
  for (const deadline = Date.now() + 30_000; !(await canLogIn(connection));) {
    if (Date.now() > deadline) throw new Error(`${connection.security?.username} never logged in`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Sends one message as the principal (registration returned only once it could log in). */
async function sendAs(connection: KafkaConnection, topic: string): Promise<void> {
  const producer = await connectProducer(createKafka(connection, 'producing-principal-test', undefined, quick));
  try {
    await producer.send({ topic, messages: [{ key: 'k', value: '{}' }] });
  } finally {
    await producer.disconnect();
  }
}

describe('SCRAM-SHA-512 credentials set with AlterUserScramCredentials (no Java)', () => {
  jest.setTimeout(120_000);

  it('lets a new user log in with its password, and not with a wrong one', async () => {
    const user = `scram-${run}-new`;
    await expect(logIn(as(user, 'never-set'))).rejects.toThrow(/SASL|authentication/i);
    await setScramCredential(hub, user, 'first-password');
    await untilInForce(as(user, 'first-password'));
    await expect(logIn(as(user, 'first-password'))).resolves.toBeUndefined();
    await expect(logIn(as(user, 'first-passwore'))).rejects.toThrow(/SASL|authentication/i);
    expect(await canLogIn(as(user, 'wrong'))).toBe(false);
  });

  it('replaces a password: the old one stops working once the new one works', async () => {
    const user = `scram-${run}-rotated`;
    await setScramCredential(hub, user, 'old-password');
    await untilInForce(as(user, 'old-password'));
    await setScramCredential(hub, user, 'new-password');
    await untilInForce(as(user, 'new-password'));
    await expect(logIn(as(user, 'new-password'))).resolves.toBeUndefined();
    await expect(logIn(as(user, 'old-password'))).rejects.toThrow(/SASL|authentication/i);
  });

  it('reports Kafka’s refusal by its error code and message, per user: a principal that may not alter credentials', async () => {
    const producer = await registerProducingPrincipal(hub, `scram-${run}`, producerTopicPrefix(`scram-${run}`, hubTopicPrefix));
    await expect(setScramCredential(as(producer.username, producer.password), `scram-${run}-victim`, 'x')).rejects.toThrow(
      new RegExp(`did not set the SCRAM credential of scram-${run}-victim: CLUSTER_AUTHORIZATION_FAILED \\(31\\)`),
    );
  });

  it('never puts the password in its error, and refuses an unsecured connection', async () => {
    const wrongHub = as(hub.security!.username, 'not-the-hub-password');
    const error = await setScramCredential(wrongHub, `scram-${run}-other`, 'secret-in-flight').catch((failure: Error) => failure);
    expect(String(error)).toMatch(/refused the login of .*SASL_AUTHENTICATION_FAILED \(58\)/);
    expect(String(error)).not.toContain('secret-in-flight');
    await expect(setScramCredential({ brokers: hub.brokers }, 'anyone', 'x')).rejects.toThrow(/secured cluster/);
  });
});

describe('a producing system’s Kafka principal', () => {
  jest.setTimeout(120_000);
  const producerId = `district-${run}`;
  const own = `${producerTopicPrefix(producerId, hubTopicPrefix)}ingest.k12.student.v1`;
  const shared = `${hubTopicPrefix}ingest.k12.student.v1`;
  const lookalike = `${producerTopicPrefix(`${producerId}-b`, hubTopicPrefix)}ingest.k12.student.v1`;
  const deadLetters = `${hubTopicPrefix}hub.dlq.v1`;
  let principal: KafkaConnection;

  beforeAll(async () => {
    await ensureTopics(
      createKafka(hub, 'producing-principal-admin'),
      [own, shared, lookalike, deadLetters].map((topic) => ({ topic, numPartitions: 1 })),
    );
    const registered = await registerProducingPrincipal(hub, producerId, producerTopicPrefix(producerId, hubTopicPrefix));
    principal = as(registered.username, registered.password);
  });

  it('writes under its own prefix', async () => {
    await expect(sendAs(principal, own)).resolves.toBeUndefined();
  });

  it('writes nowhere else: not the shared topics, not a producer whose id starts with its own', async () => {
    await sendAs(principal, own);
    await expect(sendAs(principal, shared)).rejects.toThrow(/authori[sz]/i);
    await expect(sendAs(principal, lookalike)).rejects.toThrow(/authori[sz]/i);
  });

  it('reads nothing: not even the offsets of the dead letters', async () => {
    await sendAs(principal, own);
    const admin = createKafka(principal, 'producing-principal-reader', undefined, quick).admin();
    await admin.connect();
    try {
      await expect(admin.fetchTopicOffsets(deadLetters)).rejects.toThrow();
    } finally {
      await admin.disconnect();
    }
  });

  it('cannot take over the hub’s own principal by its name: a producer called like the hub gets a login of its own', async () => {
    const registered = await registerProducingPrincipal(hub, hub.security!.username, producerTopicPrefix(hub.security!.username, hubTopicPrefix));
    expect(registered.username).not.toBe(hub.security!.username);
    await expect(logIn(hub)).resolves.toBeUndefined();
  });
});

describe('a school’s reader of its Handle with Care notices', () => {
  jest.setTimeout(120_000);
  const school = `${run}001`;
  const ownTopic = `${hubTopicPrefix}hub.care-notices.v1.${school}`;
  const otherTopic = `${hubTopicPrefix}hub.care-notices.v1.${run}002`;
  let reader: KafkaConnection;
  let groupPrefix: string;

  beforeAll(async () => {
    await ensureTopics(
      createKafka(hub, 'notice-reader-admin'),
      [ownTopic, otherTopic].map((topic) => ({ topic, numPartitions: 1 })),
    );
    const producer = await connectProducer(createKafka(hub, 'notice-reader-admin'));
    try {
      for (const topic of [ownTopic, otherTopic]) await producer.send({ topic, messages: [{ key: 'n-1', value: JSON.stringify({ topic }) }] });
    } finally {
      await producer.disconnect();
    }
    const registered = await registerNoticeReaderPrincipal(hub, school, ownTopic);
    groupPrefix = registered.groupPrefix;
    reader = as(registered.username, registered.password);
  });

  /** The offsets of a topic as the reader sees them. */
  async function offsetsAs(connection: KafkaConnection, topic: string) {
    const admin = createKafka(connection, 'notice-reader-test', undefined, quick).admin();
    await admin.connect();
    try {
      return await admin.fetchTopicOffsets(topic);
    } finally {
      await admin.disconnect();
    }
  }

  it('reads its own notice topic in a group of its own', async () => {
    expect(await offsetsAs(reader, ownTopic)).toEqual([expect.objectContaining({ partition: 0, high: '1' })]);
    const consumer = createKafka(reader, 'notice-reader-test').consumer({ groupId: `${groupPrefix}inbox` });
    const received: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: ownTopic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
      for (const deadline = Date.now() + 30_000; received.length === 0 && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await consumer.disconnect();
    }
    expect(received).toEqual([JSON.stringify({ topic: ownTopic })]);
  });

  it('sees nothing of another school’s notices, and writes nothing', async () => {
    await offsetsAs(reader, ownTopic);
    await expect(offsetsAs(reader, otherTopic)).rejects.toThrow();
    await expect(sendAs(reader, ownTopic)).rejects.toThrow(/authori[sz]/i);
  });
});
