import { HUB_CONNECTION_SETTINGS, setting, type SettingsOf } from '@lantern/config';

/** The hub's connection settings (its group id and message limit included), and the port of its health and metrics listener. */
export const INGEST_SETTINGS = {
  ...HUB_CONNECTION_SETTINGS,
  /** GET /health/live, /health/ready and /metrics; 0 picks a free port (tests run several instances). */
  INGEST_HTTP_PORT: setting.integer({ min: 0, max: 65535, default: 3001 }),
  /** How often it releases parked records a crash left behind and picks up newly registered producing systems' topics. */
  INGEST_SWEEP_SECONDS: setting.integer({ min: 1, max: 3600, default: 30 }),
};

export type IngestSettings = SettingsOf<typeof INGEST_SETTINGS>;
