import { setting, type SettingsOf } from '@lantern/config';

/**
 * Handle with Care timing, read by every service that issues notices: the API (flags over
 * HTTP) and the worker (flags from Kafka, held flags delivered after review, the sweep).
 */
export const CARE_TIMING_SETTINGS = {
  /** An unacknowledged notice goes to the district contact this long after the school is next staffed. */
  CARE_ESCALATE_AFTER_MINUTES: setting.integer({ min: 5, max: 7 * 24 * 60, default: 120 }),
  /** How many school days a notice stays in the inbox when neither the agency nor the agreement names an expiry. */
  CARE_NOTICE_SCHOOL_DAYS: setting.integer({ min: 1, max: 60, default: 10 }),
};

export type CareTimingSettings = SettingsOf<typeof CARE_TIMING_SETTINGS>;

/** The timing CareFlags takes, from those settings. */
export function careTimingOf(settings: CareTimingSettings): { escalateAfterMinutes: number; schoolDays: number } {
  return { escalateAfterMinutes: settings.CARE_ESCALATE_AFTER_MINUTES, schoolDays: settings.CARE_NOTICE_SCHOOL_DAYS };
}
