import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** What happened. Kinds are never renamed: old entries keep theirs forever. */
export const AUDIT_KINDS = [
  'login',
  'login-refused',
  'policy-decision',
  'policy-check',
  'disclosure',
  'agreement-change',
  'identity-link',
  'identity-merge',
  'identity-split',
  'identity-model',
  'certificate-issued',
  'certificate-revoked',
  'client-registered',
  'client-disabled',
  'producer-registered',
  'producer-removed',
  'notice-reader-registered',
  'notice-reader-removed',
  'record-read',
  'research-project',
  'extract-request',
  'care-flag-received',
  'care-flag-revoked',
  'care-notice-read',
  'care-notice-acknowledged',
  'care-notice-escalated',
  'care-notice-expired',
  'outcomes-run-requested',
  'outcomes-release',
  'early-warning-thresholds',
  'logout',
  'person-added',
  'person-removed',
  'audit-verification',
] as const;

export type AuditKind = (typeof AUDIT_KINDS)[number];

export interface AuditEntryInput {
  kind: AuditKind;
  /** The API client id that acted, `person:<personId>` for a person signed in to the console, or 'system' for the hub's own work. */
  actor: string;
  /** What was acted on, e.g. an agreement or client id. */
  subject?: string;
  /** Never a child's personal data: ids, codes and counts only. */
  details: Record<string, unknown>;
}

/** An entry as stored: its fields, the previous entry's hash and its own. */
export interface AuditEntry {
  id: string;
  kind: string;
  actor: string;
  subject: string | null;
  details: Record<string, unknown>;
  recordedAt: Date;
  previousHash: string;
  hash: string;
}

/** The first entry's previous hash: there is no entry before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** Names the hashing scheme inside every hashed document, so a future scheme cannot be confused with this one. */
const HASH_FORMAT = 'lantern.audit/1';

/**
 * SHA-256 over the canonical JSON of the entry's fields and its predecessor's hash. The id
 * is not hashed: it only orders storage, and the predecessor's hash is what fixes the order.
 */
export function auditEntryHash(entry: Omit<AuditEntry, 'id' | 'hash'>): string {
  const document = canonicalJson({
    format: HASH_FORMAT,
    kind: entry.kind,
    actor: entry.actor,
    subject: entry.subject,
    details: entry.details,
    recordedAt: entry.recordedAt.toISOString(),
    previousHash: entry.previousHash,
  });
  return createHash('sha256').update(document, 'utf8').digest('hex');
}
