import { CareNotices1764000700000 } from './1764000700000-care-notices';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const CARE_NOTICES_MIGRATIONS = [CareNotices1764000700000];
