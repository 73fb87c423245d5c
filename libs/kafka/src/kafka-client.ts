import { type ITopicConfig, Kafka, logLevel, type LogEntry, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';

/**
 * Lantern's only door to kafkajs. kafkajs 2.2.4 is the last release, so everything that
 * touches it stays in this library; a move to another client is a change here alone.
 */
export function createKafka(brokers: string[], clientId: string, logger: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      const level = entry.namespace === 'Connection' ? 'debug' : entry.level <= logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
      logger[level]({ kafka: entry.namespace, ...pickSafeFields(fields) }, String(message));
    },
    retry: { initialRetryTime: 300, retries: 10 },
  });
}

/**
 * kafkajs log fields that describe the connection, never message contents. Its Connection
 * namespace logs every failed request at error level even when kafkajs retries it; a failure
 * that matters reaches the caller as an exception, so those lines are demoted to debug.
 */
function pickSafeFields(fields: Record<string, unknown>) {
  const { broker, groupId, topic, partition, error, retryCount, retryTime } = fields;
  return { broker, groupId, topic, partition, error, retryCount, retryTime };
}

/** Creates the topics that do not exist yet and waits until each has a leader. */
export async function ensureTopics(kafka: Kafka, topics: ITopicConfig[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.topic));
    if (missing.length === 0) return;
    // kafkajs's own waitForLeaders gives up when KRaft's metadata does not list the new topic
    // yet ("does not host this topic-partition"); asking every new topic for its partition
    // offsets until it answers proves each partition has a serving leader.
    await admin.createTopics({ topics: missing, waitForLeaders: false });
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

export async function connectProducer(kafka: Kafka): Promise<Producer> {
  // Not kafkajs's idempotent mode: duplicates are absorbed by the hub's idempotent writes,
  // and the idempotent mode would want unbounded retries that hide a dead broker.
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

/** Asks the cluster for its brokers: used by readiness checks. */
export async function describeCluster(kafka: Kafka): Promise<{ brokers: number; controller: number | null }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  } finally {
    await admin.disconnect();
  }
}

/** Resolves once the consumer group is Stable with at least `members` members (e.g. a service has joined). */
export async function waitForStableGroup(kafka: Kafka, groupId: string, members = 1, timeoutMs = 120_000): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [group] = (await admin.describeGroups([groupId])).groups;
      if (group.state === 'Stable' && group.members.length >= members) return;
      if (Date.now() > deadline) throw new Error(`consumer group ${groupId} not stable with ${members} member(s) after ${timeoutMs / 1000} s (state ${group.state})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Messages not yet consumed by a group, per topic: the committed offset to the high watermark. */
export async function consumerLag(kafka: Kafka, groupId: string, topics: string[]): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lag = new Map<string, number>();
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      const total = ends.reduce((sum, end) => {
        const done = partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
        const start = Number(done) < 0 ? Number(end.low) : Number(done);
        return sum + Math.max(0, Number(end.high) - start);
      }, 0);
      lag.set(topic, total);
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
