import { ConfigurationError } from '@lantern/config';
import type { Logger } from 'pino';
import { KafkajsClient } from './kafkajs-adapter';
import type { ClusterDescription, HubProducer, KafkaClient, KafkaConnection, TopicSpec } from './kafka-types';

export interface KafkaClientOptions {
  /** How long to wait for a TCP connection to a broker (default 1 s). */
  connectionTimeoutMs?: number;
  /** How long to wait for a broker's answer to a request (default 30 s). */
  requestTimeoutMs?: number;
  /** How many times a failed request is retried, with backoff (default 10). */
  retries?: number;
}

/**
 * Lantern's only door to Kafka: a client for the cluster, authenticated as the connection
 * says. Client log lines go to `logger` (connection details only, never message contents or
 * credentials); without one it logs nothing.
 */
export function createKafka(connection: KafkaConnection, clientId: string, logger?: Logger, options: KafkaClientOptions = {}): KafkaClient {
  return new KafkajsClient({ clientId, brokers: connection.brokers, security: connection.security, logger, ...options });
}

/** The settings (as environment variables) that give a service process this connection: the inverse of kafkaConnectionOf. */
export function kafkaEnvironmentOf(connection: KafkaConnection): Record<'KAFKA_BROKERS' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD' | 'KAFKA_CA_PEM', string> {
  const { brokers, security } = connection;
  return { KAFKA_BROKERS: brokers.join(','), KAFKA_SASL_USERNAME: security?.username ?? '', KAFKA_SASL_PASSWORD: security?.password ?? '', KAFKA_CA_PEM: security?.caPem ?? '' };
}

/** The connection a service's validated settings describe (KAFKA_BROKERS, and the KAFKA_SASL_* and KAFKA_CA_PEM settings together or not at all). */
export function kafkaConnectionOf(settings: { KAFKA_BROKERS: string[]; KAFKA_SASL_USERNAME: string; KAFKA_SASL_PASSWORD: string; KAFKA_CA_PEM: string }): KafkaConnection {
  const { KAFKA_BROKERS: brokers, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password, KAFKA_CA_PEM: caPem } = settings;
  const given = [username, password, caPem].filter(Boolean).length;
  if (given === 0) return { brokers };
  if (given < 3) throw new ConfigurationError('Invalid configuration: KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_CA_PEM must be set together');
  if (!caPem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigurationError('Invalid configuration: KAFKA_CA_PEM must hold a PEM certificate');
  return { brokers, security: { username, password, caPem } };
}

/**
 * Creates the topics that do not exist yet and waits until each has a leader. A topic that
 * exists but lacks a setting its spec names (made before the setting was) is given it, keeping
 * its other topic-level settings: the retention and compaction the hub documents hold for old
 * topics too.
 */
export async function ensureTopics(kafka: KafkaClient, topics: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const { topic, configs = {} } of topics.filter((spec) => existing.has(spec.topic) && spec.configs)) {
      const current = await admin.describeTopicConfigs(topic);
      if (Object.entries(configs).some(([name, value]) => current[name] !== value)) await admin.replaceTopicConfigs(topic, { ...current, ...configs });
    }
    const missing = topics.filter((topic) => !existing.has(topic.topic));
    if (missing.length === 0) return;
    await admin.createTopics(missing);
    // Asking every new topic for its partition offsets until it answers proves each partition
    // has a serving leader (KRaft's metadata may not list a just-created topic yet).
    for (const { topic } of missing) await untilServed(() => admin.fetchTopicOffsets(topic));
  } finally {
    await admin.disconnect();
  }
}

async function untilServed(probe: () => Promise<unknown>, attempts = 50): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await probe();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A connected producer. Topics are never created by sending: see `ensureTopics`. */
export async function connectProducer(kafka: KafkaClient): Promise<HubProducer> {
  const producer = kafka.producer();
  await producer.connect();
  return producer;
}

/** Asks the cluster for its brokers: used by readiness checks (polled, so a failed connect is cleaned up too). */
export async function describeCluster(kafka: KafkaClient): Promise<ClusterDescription> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}

/** Resolves once the consumer group is Stable with at least `members` members (e.g. a service has joined). */
export async function waitForStableGroup(kafka: KafkaClient, groupId: string, members = 1, timeoutMs = 120_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const group = await admin.describeGroup(groupId);
      if (group.state === 'Stable' && group.members.length >= members) return;
      if (Date.now() > deadline) throw new Error(`consumer group ${groupId} not stable with ${members} member(s) after ${timeoutMs / 1000} s (state ${group.state})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** How many messages of one partition a consumer group has not yet read. */
export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** Messages not yet consumed by a group, per partition: the committed offset to the high watermark (from the oldest kept message when nothing is committed). */
export async function partitionLag(kafka: KafkaClient, groupId: string, topics: string[]): Promise<PartitionLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lags: PartitionLag[] = [];
    const committed = await admin.fetchCommittedOffsets(groupId, topics);
    for (const { topic, partitions } of committed) {
      for (const end of await admin.fetchTopicOffsets(topic)) {
        const done = partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
        const start = Number(done) < 0 ? Number(end.low) : Number(done);
        lags.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - start) });
      }
    }
    return lags;
  } finally {
    await admin.disconnect();
  }
}

/** Messages not yet consumed by a group, per topic. */
export async function consumerLag(kafka: KafkaClient, groupId: string, topics: string[]): Promise<Map<string, number>> {
  const lag = new Map<string, number>(topics.map((topic) => [topic, 0]));
  for (const partition of await partitionLag(kafka, groupId, topics)) lag.set(partition.topic, (lag.get(partition.topic) ?? 0) + partition.lag);
  return lag;
}
