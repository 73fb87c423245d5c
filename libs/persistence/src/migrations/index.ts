import { IngestRecordVersions1764000000000 } from './1764000000000-ingest-record-versions';
import { AccessClientsAndCertificates1764000100000 } from './1764000100000-access-clients-and-certificates';
import { AuditLog1764000200000 } from './1764000200000-audit-log';
import { Identity1764000300000 } from './1764000300000-identity';
import { AgreementsAndDisclosures1764000210000 } from './1764000210000-agreements-and-disclosures';
import { ResearchExtracts1764000400000 } from './1764000400000-research-extracts';
import { CareNotices1764000700000 } from './1764000700000-care-notices';

/** Every schema change, in order. Add new migrations at the end; never edit a released one. */
export const SCHEMA_MIGRATIONS = [IngestRecordVersions1764000000000, AccessClientsAndCertificates1764000100000, AuditLog1764000200000, Identity1764000300000, AgreementsAndDisclosures1764000210000, ResearchExtracts1764000400000, CareNotices1764000700000];
