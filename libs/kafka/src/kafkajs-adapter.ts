import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  type Admin,
  AssignerProtocol,
  ConfigResourceTypes,
  ConfigSource,
  type Consumer,
  type IHeaders,
  Kafka,
  type KafkaMessage,
  logLevel,
  type LogEntry,
  Partitioners,
  type Producer,
  ResourcePatternTypes,
} from 'kafkajs';
import type { Logger } from 'pino';
import type {
  AccessGrant,
  ClusterDescription,
  CommittedOffsets,
  GroupDescription,
  HubAdmin,
  HubConsumer,
  HubProducer,
  InboundMessage,
  KafkaClient,
  KafkaSecurity,
  MessageHandler,
  MessageHeaders,
  PartitionOffsets,
  TopicConfigs,
  TopicMessages,
  TopicSpec,
  TopicSubscription,
} from './kafka-types';

/**
 * The port implemented with kafkajs. kafkajs 2.2.4 is its last release (ADR 0013), so this
 * file and batch-consumer.ts are the only code that imports it; moving to another client
 * means rewriting these two against the same interfaces.
 */

export interface KafkajsSettings {
  clientId: string;
  brokers: string[];
  security?: KafkaSecurity;
  /** Logs nothing when absent. */
  logger?: Logger;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
}

export class KafkajsClient implements KafkaClient {
  readonly kafkajs: Kafka;

  constructor(settings: KafkajsSettings) {
    const { logger } = settings;
    this.kafkajs = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      // The hub's own CA only (never rejectUnauthorized: false); brokers are named by IP or host in their certificate.
      ...(settings.security
        ? { ssl: { ca: [settings.security.caPem] }, sasl: { mechanism: 'scram-sha-512' as const, username: settings.security.username, password: settings.security.password } }
        : {}),
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
      logCreator: () => (entry: LogEntry) => {
        if (!logger) return;
        const { message, ...fields } = entry.log;
        const level = entry.namespace === 'Connection' ? 'debug' : entry.level <= logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
        logger[level]({ kafka: entry.namespace, ...pickSafeFields(fields) }, String(message));
      },
      retry: { initialRetryTime: 300, retries: settings.retries ?? 10 },
    });
  }

  producer(): HubProducer {
    // Not kafkajs's idempotent mode: duplicates are absorbed by the hub's idempotent writes,
    // and the idempotent mode would want unbounded retries that hide a dead broker.
    return new KafkajsProducer(this.kafkajs.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner }));
  }

  consumer(options: { groupId: string }): HubConsumer {
    return new KafkajsConsumer(this.kafkajs.consumer({ groupId: options.groupId }));
  }

  admin(): HubAdmin {
    return new KafkajsAdmin(this.kafkajs.admin());
  }
}

/** The kafkajs instance behind a client made by `createKafka` (for the batch consumer, which needs kafkajs's own consumer). */
export function kafkajsOf(client: KafkaClient): Kafka {
  if (client instanceof KafkajsClient) return client.kafkajs;
  throw new TypeError('not a Kafka client made by createKafka');
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

class KafkajsProducer implements HubProducer {
  constructor(private readonly producer: Producer) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async send(record: TopicMessages): Promise<void> {
    await this.producer.send(record);
  }

  async sendBatch(batch: { topicMessages: TopicMessages[] }): Promise<void> {
    await this.producer.sendBatch(batch);
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}

class KafkajsConsumer implements HubConsumer {
  constructor(private readonly consumer: Consumer) {}

  connect(): Promise<void> {
    return this.consumer.connect();
  }

  subscribe(subscription: TopicSubscription): Promise<void> {
    const topics = 'topic' in subscription ? [subscription.topic] : subscription.topics;
    return this.consumer.subscribe({ topics, fromBeginning: subscription.fromBeginning });
  }

  run(handlers: { eachMessage: MessageHandler }): Promise<void> {
    return this.consumer.run({
      eachMessage: ({ topic, partition, message }) => handlers.eachMessage({ topic, partition, message: toInboundMessage(topic, partition, message) }),
    });
  }

  disconnect(): Promise<void> {
    return this.consumer.disconnect();
  }
}

class KafkajsAdmin implements HubAdmin {
  constructor(private readonly admin: Admin) {}

  connect(): Promise<void> {
    return this.admin.connect();
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }

  listTopics(): Promise<string[]> {
    return this.admin.listTopics();
  }

  async grantAccess(grants: AccessGrant[]): Promise<void> {
    await this.admin.createAcls({
      acl: grants.map((grant) => ({
        resourceType: grant.resource === 'topic' ? AclResourceTypes.TOPIC : AclResourceTypes.GROUP,
        resourceName: grant.name,
        resourcePatternType: grant.pattern === 'prefixed' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
        principal: `User:${grant.principal}`,
        host: '*',
        operation: grant.operation === 'read' ? AclOperationTypes.READ : AclOperationTypes.WRITE,
        permissionType: AclPermissionTypes.ALLOW,
      })),
    });
  }

  async countAccess(principal: string): Promise<number> {
    const { resources } = await this.admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal: `User:${principal}`,
      host: '*',
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    return resources.reduce((count, resource) => count + resource.acls.length, 0);
  }

  async revokeAllAccess(principal: string): Promise<void> {
    await this.admin.deleteAcls({
      filters: [
        {
          resourceType: AclResourceTypes.ANY,
          resourcePatternType: ResourcePatternTypes.ANY,
          principal: `User:${principal}`,
          host: '*',
          operation: AclOperationTypes.ANY,
          permissionType: AclPermissionTypes.ANY,
        },
      ],
    });
  }

  createTopics(topics: TopicSpec[]): Promise<boolean> {
    // kafkajs's own waitForLeaders gives up when KRaft's metadata does not list the new topic
    // yet ("does not host this topic-partition"); ensureTopics waits its own way.
    return this.admin.createTopics({
      topics: topics.map(({ topic, numPartitions, configs }) => ({ topic, numPartitions, configEntries: configEntriesOf(configs ?? {}) })),
      waitForLeaders: false,
    });
  }

  async describeTopicConfigs(topic: string): Promise<TopicConfigs> {
    const { resources } = await this.admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false });
    const entries = resources[0]?.configEntries ?? [];
    return Object.fromEntries(entries.filter((entry) => entry.configSource === ConfigSource.TOPIC_CONFIG).map((entry) => [entry.configName, entry.configValue]));
  }

  async replaceTopicConfigs(topic: string, configs: TopicConfigs): Promise<void> {
    await this.admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: configEntriesOf(configs) }] });
  }

  async fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]> {
    return (await this.admin.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({ partition, low, high }));
  }

  async fetchCommittedOffsets(groupId: string, topics: string[]): Promise<CommittedOffsets[]> {
    const committed = await this.admin.fetchOffsets({ groupId, topics });
    return committed.map(({ topic, partitions }) => ({ topic, partitions: partitions.map(({ partition, offset }) => ({ partition, offset })) }));
  }

  async describeGroup(groupId: string): Promise<GroupDescription> {
    const [group] = (await this.admin.describeGroups([groupId])).groups;
    return {
      groupId: group.groupId,
      state: group.state,
      members: group.members.map((member) => ({
        memberId: member.memberId,
        clientId: member.clientId,
        // Empty while the group rebalances.
        assignment: AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment ?? {},
      })),
    };
  }

  async describeCluster(): Promise<ClusterDescription> {
    const cluster = await this.admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  }
}

function configEntriesOf(configs: TopicConfigs) {
  return Object.entries(configs).map(([name, value]) => ({ name, value }));
}

export function toInboundMessage(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  return { topic, partition, offset: message.offset, key: message.key, value: message.value, headers: headersToText(message.headers) };
}

function headersToText(headers: IHeaders | undefined): MessageHeaders {
  const text: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    text[name] = (Array.isArray(value) ? value : [value]).map((part) => part.toString()).join(',');
  }
  return text;
}
