import { ResearchExtracts1764000400000 } from './1764000400000-research-extracts';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const EXTRACTS_MIGRATIONS = [ResearchExtracts1764000400000];
