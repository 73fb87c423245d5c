/**
 * Lantern's Kafka port: the operations the hub uses, in its own types. Code outside this
 * library sees only these; which client library implements them is this library's business
 * (kafkajs-adapter.ts and batch-consumer.ts, ADR 0013).
 */

/**
 * How to reach and authenticate to the cluster: SASL/SCRAM-SHA-512 over TLS, trusting only the
 * given CA (ADR 0017). Without `security` the connection is plaintext and anonymous, which a
 * secured broker refuses.
 */
export interface KafkaConnection {
  brokers: string[];
  security?: KafkaSecurity;
}

export interface KafkaSecurity {
  /** The CA that issued the brokers' certificates (PEM); no other CA is trusted. */
  caPem: string;
  username: string;
  password: string;
}

/** Message headers as the hub writes and reads them: text (several values of one name are joined with ','). */
export type MessageHeaders = Record<string, string>;

/** A message to publish. */
export interface OutboundMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: MessageHeaders;
  /** Leave unset to partition by key (the same key always lands on the same partition). */
  partition?: number;
}

export interface TopicMessages {
  topic: string;
  messages: OutboundMessage[];
}

/**
 * Publishes messages. Each call resolves once the broker has acknowledged every message in it
 * (all in-sync replicas); it rejects when any could not be written.
 */
export interface HubProducer {
  connect(): Promise<void>;
  send(record: TopicMessages): Promise<void>;
  /** Messages for several topics, in as few requests as the partitions' leaders allow. */
  sendBatch(batch: { topicMessages: TopicMessages[] }): Promise<void>;
  disconnect(): Promise<void>;
}

/** A message as consumed: where it came from, its bytes, and its headers as text. */
export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: MessageHeaders;
}

export type TopicSubscription = ({ topic: string } | { topics: string[] }) & {
  /** Where a group with no committed offset starts: the oldest message (true) or the next one written. */
  fromBeginning?: boolean;
};

export type MessageHandler = (payload: { topic: string; partition: number; message: InboundMessage }) => Promise<void>;

/**
 * A plain consumer-group member that hands over one message at a time and commits offsets by
 * itself as it goes: for tests and tools that read topics. Services consume with
 * `BatchConsumer`, which commits only after the handler's transaction.
 */
export interface HubConsumer {
  connect(): Promise<void>;
  subscribe(subscription: TopicSubscription): Promise<void>;
  /** Starts delivering to the handler and resolves once the member is running. */
  run(handlers: { eachMessage: MessageHandler }): Promise<void>;
  disconnect(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  /** The broker's `num.partitions` when unset. */
  numPartitions?: number;
  /** Topic-level settings, e.g. `cleanup.policy` or `retention.ms`; the broker's defaults for the rest. */
  configs?: TopicConfigs;
}

/** Topic-level settings by name, as Kafka names them (`cleanup.policy`, `retention.ms`, …). */
export type TopicConfigs = Record<string, string>;

/** A partition's offsets: `low` is the oldest message still stored, `high` the offset the next message gets. */
export interface PartitionOffsets {
  partition: number;
  low: string;
  high: string;
}

export interface CommittedOffsets {
  topic: string;
  /** `offset` is the next one the group reads, or '-1' where the group has committed none. */
  partitions: Array<{ partition: number; offset: string }>;
}

export type GroupState = 'Unknown' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead' | 'Empty';

export interface GroupMember {
  memberId: string;
  clientId: string;
  /** Partitions assigned to this member, by topic (empty while the group rebalances). */
  assignment: Record<string, number[]>;
}

export interface GroupDescription {
  groupId: string;
  state: GroupState;
  members: GroupMember[];
}

export interface ClusterDescription {
  brokers: number;
  controller: number | null;
}

/** Topic and consumer-group administration. Connect before use; disconnect after. */
/**
 * One ACL grant (the broker denies whatever none grants, ADR 0017): `principal` may do
 * `operation` on the topic or consumer group `name`, or on every one whose name starts with it.
 */
export interface AccessGrant {
  principal: string;
  resource: 'topic' | 'group';
  name: string;
  pattern: 'literal' | 'prefixed';
  operation: 'read' | 'write';
}

export interface HubAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listTopics(): Promise<string[]>;
  /** Creates the topics without waiting for their leaders; false when every one already existed. See `ensureTopics`. */
  createTopics(topics: TopicSpec[]): Promise<boolean>;
  /** The settings made on the topic itself (at creation or since), not the broker's defaults. */
  describeTopicConfigs(topic: string): Promise<TopicConfigs>;
  /** Sets the topic's settings to exactly these: any topic-level setting not named goes back to the broker's default. */
  replaceTopicConfigs(topic: string, configs: TopicConfigs): Promise<void>;
  fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]>;
  fetchCommittedOffsets(groupId: string, topics: string[]): Promise<CommittedOffsets[]>;
  describeGroup(groupId: string): Promise<GroupDescription>;
  describeCluster(): Promise<ClusterDescription>;
  /** Adds ACLs (an existing identical grant is kept). Needs a principal allowed to alter the cluster's ACLs. */
  grantAccess(grants: AccessGrant[]): Promise<void>;
  /** How many ACLs name the principal, as the broker's authorizer holds them now. */
  countAccess(principal: string): Promise<number>;
  /** Removes every ACL that names the principal, on any resource. */
  revokeAllAccess(principal: string): Promise<void>;
}

/** One connection configuration to a cluster; makes producers, consumers and admins for it. See `createKafka`. */
export interface KafkaClient {
  /** Not connected yet: see `connectProducer`. */
  producer(): HubProducer;
  consumer(options: { groupId: string }): HubConsumer;
  admin(): HubAdmin;
}
