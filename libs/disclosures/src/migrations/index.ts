import { RecordOfDisclosures1764000210001 } from './1764000210001-record-of-disclosures';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const DISCLOSURES_MIGRATIONS = [RecordOfDisclosures1764000210001];
