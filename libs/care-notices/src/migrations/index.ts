import { CareNotices1764000700000 } from './1764000700000-care-notices';
import { CareNoticeTombstoneRepeat1765410000000 } from './1765410000000-care-notice-tombstone-repeat';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const CARE_NOTICES_MIGRATIONS = [CareNotices1764000700000, CareNoticeTombstoneRepeat1765410000000];
