import { setting } from '@lantern/config';

/** Handle with Care timing, validated at start-up with the rest of the API's settings. */
export const CARE_SETTINGS = {
  /** An unacknowledged notice goes to the district contact this long after the school is next staffed. */
  CARE_ESCALATE_AFTER_MINUTES: setting.integer({ min: 5, max: 7 * 24 * 60, default: 120 }),
  /** How many school days a notice stays in the inbox when the agency names no expiry. */
  CARE_NOTICE_SCHOOL_DAYS: setting.integer({ min: 1, max: 60, default: 10 }),
};
