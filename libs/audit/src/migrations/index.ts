import { AuditLog1764000200000 } from './1764000200000-audit-log';
import { AuditEntriesByKind1766410000000 } from './1766410000000-audit-entries-by-kind';

/** The schema changes of the tables this library owns, oldest first. Add new ones at the end; never edit a released one. */
export const AUDIT_MIGRATIONS = [AuditLog1764000200000, AuditEntriesByKind1766410000000];
