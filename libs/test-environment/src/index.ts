export { createMigratedTestDatabase, createTestDatabase } from './test-database';
export type { MigratedTestDatabase, TestDatabase } from './test-database';
export { testTopicPrefix } from './test-topics';
export { testKafka, testKafkaBrokers, testKafkaEnvironment, testKafkaSettings, testPostgresAdminUrl } from './test-service-env';
export { eventually } from './eventually';
export type { EventuallyOptions } from './eventually';
// Tests that run services as processes, or need a broker of their own to restart.
// Tests that sign people in to the console need an identity provider of their own.
export { ensureServiceLogin, findFreePort, lanternStateDir, startDevelopmentIdentityProvider, startEmbeddedPostgres, startHubService, startLocalKafka } from '@lantern/provisioning';
export type { DevelopmentIdentityProvider, EmbeddedPostgres, HubServiceProcess, RunningKafka } from '@lantern/provisioning';
export * from './synthetic/linked-population';
export { startHubWorker } from './hub-worker-process';
