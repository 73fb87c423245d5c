export { createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export { testTopicPrefix } from './test-topics';
export { testKafkaBrokers, testPostgresAdminUrl } from './test-service-env';
export { eventually } from './eventually';
export type { EventuallyOptions } from './eventually';
