import { EXTRACT_SIGNING_SETTINGS } from '@lantern/access';
import { AUDIT_CHECKPOINT_SETTINGS } from '@lantern/audit';
import { CARE_TIMING_SETTINGS } from '@lantern/care-rules';
import { HUB_CONNECTION_SETTINGS, KAFKA_CONNECTION_SETTINGS, setting, type SettingsOf } from '@lantern/config';
import { DISCLOSURE_SETTINGS } from '@lantern/extracts';
import { OUTCOMES_SETTINGS } from '@lantern/outcomes-store';

const { DATABASE_URL, LANTERN_TOPIC_PREFIX, LOG_LEVEL, INGEST_MAX_MESSAGE_BYTES } = HUB_CONNECTION_SETTINGS;

/**
 * What the worker reads: its connections; the message limit care-flag intake applies as
 * ingestion does; Handle with Care timing (flags from Kafka, held flags delivered after
 * review); the extract signing key (configured, or issued at start-up by the hub CA, the API's:
 * researchers verify packages against the CA certificate the API serves); where packages
 * are built, and the state's disclosure floor no build goes below; the outcomes job's SGP cohort minimum.
 */
export const WORKER_SETTINGS = {
  DATABASE_URL,
  ...KAFKA_CONNECTION_SETTINGS,
  LANTERN_TOPIC_PREFIX,
  LOG_LEVEL,
  INGEST_MAX_MESSAGE_BYTES,
  ...CARE_TIMING_SETTINGS,
  ...EXTRACT_SIGNING_SETTINGS,
  ...AUDIT_CHECKPOINT_SETTINGS,
  ...DISCLOSURE_SETTINGS,
  ...OUTCOMES_SETTINGS,
  /** Where research extract packages are built and kept until downloaded; the API must reach the same files (a shared volume). */
  EXTRACT_PACKAGE_DIR: setting.text({ default: '.lantern/extracts' }),
};

export type WorkerSettings = SettingsOf<typeof WORKER_SETTINGS>;
