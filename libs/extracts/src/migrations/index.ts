import { ResearchExtracts1764000400000 } from './1764000400000-research-extracts';
import { ExtractPackageDestruction1765111000000 } from './1765111000000-extract-package-destruction';
import { ProjectCohortLabel1765200000000 } from './1765200000000-project-cohort-label';
import { LinkedExtractReleases1766520000000 } from './1766520000000-linked-extract-releases';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const EXTRACTS_MIGRATIONS = [ResearchExtracts1764000400000, ExtractPackageDestruction1765111000000, ProjectCohortLabel1765200000000, LinkedExtractReleases1766520000000];
