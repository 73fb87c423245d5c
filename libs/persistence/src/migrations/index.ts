import { IngestRecordVersions1764000000000 } from './1764000000000-ingest-record-versions';

/** Every schema change, in order. Add new migrations at the end; never edit a released one. */
export const SCHEMA_MIGRATIONS = [IngestRecordVersions1764000000000];
