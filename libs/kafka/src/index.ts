// The port (kafka-types) and the operations on it. The kafkajs adapter stays internal: nothing
// outside this library imports kafkajs or its types (ADR 0013; lint enforces it).
export * from './kafka-types';
export {
  connectProducer,
  consumerLag,
  createKafka,
  describeCluster,
  ensureTopics,
  kafkaConnectionOf,
  kafkaEnvironmentOf,
  partitionLag,
  waitForStableGroup,
  type KafkaClientOptions,
  type PartitionLag,
} from './kafka-client';
export { BatchConsumer, type BatchConsumerOptions, type BatchHandler } from './batch-consumer';
export { readTopicToEnd } from './read-topic';
export { canLogIn } from './scram-credentials';
export {
  holdsGrants,
  noticeReaderPrincipalName,
  producingPrincipalName,
  registerNoticeReaderPrincipal,
  registerProducingPrincipal,
  removePrincipal,
  type NoticeReaderPrincipal,
  type ProducingPrincipal,
} from './principals';
