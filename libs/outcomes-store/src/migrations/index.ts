import { OutcomeIndicators1765800000000 } from './1765800000000-outcome-indicators';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const OUTCOMES_STORE_MIGRATIONS = [OutcomeIndicators1765800000000];
