import { IngestRecordVersions1764000000000 } from './1764000000000-ingest-record-versions';
import { AuditLog1764000200000 } from './1764000200000-audit-log';

/** Every schema change, in order. Add new migrations at the end; never edit a released one. */
export const SCHEMA_MIGRATIONS = [IngestRecordVersions1764000000000, AuditLog1764000200000];
