import { IngestRejectsAndCounters1764000000001 } from './1764000000001-ingest-rejects-and-counters';
import { ProducingSystems1765300000000 } from './1765300000000-producing-systems';
import { ProducerEducationOrganizations1765420000000 } from './1765420000000-producer-education-organizations';
import { IngestHourlyCounts1766210000000 } from './1766210000000-ingest-hourly-counts';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const INGEST_MIGRATIONS = [IngestRejectsAndCounters1764000000001, ProducingSystems1765300000000, ProducerEducationOrganizations1765420000000, IngestHourlyCounts1766210000000];
