export { AUDIT_KINDS, GENESIS_HASH, auditEntryHash } from './audit-entry';
export type { AuditEntry, AuditEntryInput, AuditKind } from './audit-entry';
export { AuditLog } from './audit-log';
export { AuditChainVerifier } from './audit-chain-verifier';
export type { ChainBreak, ChainVerdict } from './audit-chain';
export { canonicalJson } from './canonical-json';
