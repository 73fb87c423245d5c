import { testKafkaSettings } from '@lantern/test-environment';
import type { IngestSettings } from '../ingest-settings';

/** Settings for an ingest service a test runs in its own process's memory, on the test Kafka and the given database. */
export function ingestTestSettings(databaseUrl: string, topicPrefix: string, overrides: Partial<IngestSettings> = {}): IngestSettings {
  return {
    DATABASE_URL: databaseUrl,
    ...testKafkaSettings(),
    LANTERN_TOPIC_PREFIX: topicPrefix,
    LOG_LEVEL: 'warn',
    INGEST_GROUP_ID: `${topicPrefix}ingest`,
    INGEST_MAX_MESSAGE_BYTES: 65536,
    // Several instances run at once across the suites.
    INGEST_HTTP_PORT: 0,
    INGEST_SWEEP_SECONDS: 30,
    ...overrides,
  };
}
