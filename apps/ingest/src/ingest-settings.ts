import { HUB_CONNECTION_SETTINGS, setting, type SettingsOf } from '@lantern/config';

export const INGEST_SETTINGS = {
  ...HUB_CONNECTION_SETTINGS,
  /** Larger messages are rejected at stage "size" rather than stored. */
  INGEST_MAX_MESSAGE_BYTES: setting.integer({ min: 1024, max: 16 * 1024 * 1024, default: 512 * 1024 }),
};

export type IngestSettings = SettingsOf<typeof INGEST_SETTINGS>;
