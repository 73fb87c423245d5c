import { HUB_CONNECTION_SETTINGS, setting, type SettingsOf } from '@lantern/config';

export const API_SETTINGS = {
  ...HUB_CONNECTION_SETTINGS,
  API_HOST: setting.text({ default: '127.0.0.1' }),
  API_PORT: setting.integer({ min: 0, max: 65535, default: 3000 }),
};

export type ApiSettings = SettingsOf<typeof API_SETTINGS>;
