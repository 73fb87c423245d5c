import { setting, type SettingsOf } from '@lantern/config';
import { DEFAULT_DISCLOSURE_FLOOR } from '@lantern/governance';

/**
 * The state's disclosure floor, read by the API (no research agreement is drafted, amended or
 * approved below it) and the worker (no extract is built below it, whatever an older agreement says).
 */
export const DISCLOSURE_SETTINGS = {
  /** No research agreement's k or minimum cell size may be lower; 2 is the least that protects anyone. */
  LANTERN_DISCLOSURE_FLOOR: setting.integer({ min: 2, max: 1000, default: DEFAULT_DISCLOSURE_FLOOR }),
};

export type DisclosureSettings = SettingsOf<typeof DISCLOSURE_SETTINGS>;
