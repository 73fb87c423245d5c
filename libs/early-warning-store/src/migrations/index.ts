import { EarlyWarningThresholds1766100000000 } from './1766100000000-early-warning-thresholds';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const EARLY_WARNING_STORE_MIGRATIONS = [EarlyWarningThresholds1766100000000];
