import { HUB_CONNECTION_SETTINGS, type SettingsOf } from '@lantern/config';

/** The ingest service needs exactly the hub's connection settings (its group id and message limit included). */
export const INGEST_SETTINGS = HUB_CONNECTION_SETTINGS;

export type IngestSettings = SettingsOf<typeof INGEST_SETTINGS>;
