import { ACCESS_SETTINGS, pemSetting } from '@lantern/access';
import { CARE_TIMING_SETTINGS } from '@lantern/care-rules';
import { HUB_CONNECTION_SETTINGS, setting, type SettingsOf } from '@lantern/config';

const { DATABASE_URL, KAFKA_BROKERS, LANTERN_TOPIC_PREFIX, LOG_LEVEL, INGEST_GROUP_ID } = HUB_CONNECTION_SETTINGS;

/**
 * What the API reads: its connections (and the ingest group, whose lag it reports), access
 * keys, and Handle with Care timing (a flag issued over HTTP gets its notices' times at
 * once). Background work and its settings (extract packages, care-flag intake) are the worker's.
 */
export const API_SETTINGS = {
  DATABASE_URL,
  KAFKA_BROKERS,
  LANTERN_TOPIC_PREFIX,
  LOG_LEVEL,
  INGEST_GROUP_ID,
  ...ACCESS_SETTINGS,
  ...CARE_TIMING_SETTINGS,
  API_HOST: setting.text({ default: '127.0.0.1' }),
  API_PORT: setting.integer({ min: 0, max: 65535, default: 3000 }),
  /** With both API_TLS_KEY_PEM and API_TLS_CERT_PEM set, the API also listens with HTTPS here and accepts client certificates. */
  API_TLS_PORT: setting.integer({ min: 0, max: 65535, default: 3443 }),
  API_TLS_KEY_PEM: pemSetting.privateKey(),
  API_TLS_CERT_PEM: pemSetting.certificate(),
};

export type ApiSettings = SettingsOf<typeof API_SETTINGS>;
