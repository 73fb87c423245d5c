import { setting, type SettingsOf } from '@lantern/config';
import { DEFAULT_SGP_MINIMUM_COHORT } from '@lantern/outcomes';

/**
 * What the outcomes job reads wherever it runs (the worker for stewards' requests, `lantern
 * outcomes run`, `npm start`'s demo), so that one snapshot gives one run whichever runs it.
 */
export const OUTCOMES_SETTINGS = {
  /**
   * The smallest grade × subject cohort given student growth percentiles (the SGP package's
   * sgp.cohort.size; a smaller one is "Insufficient N"). At least 100: each SGP compares a student
   * with a neighbourhood of 100 peers, so a smaller cohort has no percentiles to count.
   */
  LANTERN_SGP_MINIMUM_COHORT: setting.integer({ min: 100, max: 1_000_000, default: DEFAULT_SGP_MINIMUM_COHORT }),
};

export type OutcomesSettings = SettingsOf<typeof OUTCOMES_SETTINGS>;
