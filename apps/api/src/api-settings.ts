import { ACCESS_SETTINGS, pemSetting } from '@lantern/access';
import { HUB_CONNECTION_SETTINGS, setting, type SettingsOf } from '@lantern/config';
import { CARE_SETTINGS } from './care/care-settings';

export const API_SETTINGS = {
  ...HUB_CONNECTION_SETTINGS,
  ...ACCESS_SETTINGS,
  ...CARE_SETTINGS,
  API_HOST: setting.text({ default: '127.0.0.1' }),
  API_PORT: setting.integer({ min: 0, max: 65535, default: 3000 }),
  /** With both API_TLS_KEY_PEM and API_TLS_CERT_PEM set, the API also listens with HTTPS here and accepts client certificates. */
  API_TLS_PORT: setting.integer({ min: 0, max: 65535, default: 3443 }),
  API_TLS_KEY_PEM: pemSetting.privateKey(),
  API_TLS_CERT_PEM: pemSetting.certificate(),
  /** Where research extract packages are built and kept until downloaded (relative paths from the working directory). */
  EXTRACT_PACKAGE_DIR: setting.text({ default: '.lantern/extracts' }),
};

export type ApiSettings = SettingsOf<typeof API_SETTINGS>;
