import { IngestRecordVersions1764000000000 } from './1764000000000-ingest-record-versions';
import { AccessClientsAndCertificates1764000100000 } from './1764000100000-access-clients-and-certificates';
import { AuditLog1764000200000 } from './1764000200000-audit-log';

/** Every schema change, in order. Add new migrations at the end; never edit a released one. */
export const SCHEMA_MIGRATIONS = [IngestRecordVersions1764000000000, AccessClientsAndCertificates1764000100000, AuditLog1764000200000];
