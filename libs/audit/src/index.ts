export { AUDIT_KINDS, GENESIS_HASH, auditEntryHash } from './audit-entry';
export type { AuditEntry, AuditEntryInput, AuditKind } from './audit-entry';
export { AuditLog } from './audit-log';
export { AuditChainVerifier } from './audit-chain-verifier';
export { AuditEntries, type AuditEntriesPage, type AuditEntrySummary } from './audit-entries';
export type { ChainBreak, ChainVerdict, ExpectedEntry } from './audit-chain';
export {
  AUDIT_CHECKPOINT_TOPIC,
  AUDIT_CHECKPOINT_TOPIC_SPEC,
  AuditCheckpointSigner,
  checkpointExpectation,
  checkpointKeyId,
  latestCheckpoint,
  openAuditCheckpoint,
  signedCheckpointsAmong,
  type AuditCheckpoint,
  type OpenedCheckpoint,
} from './audit-checkpoint';
export { AUDIT_CHECKPOINT_SETTINGS, AUDIT_CHECKPOINT_VERIFICATION_SETTINGS, auditCheckpointSigner, type AuditCheckpointSettings } from './audit-checkpoint-settings';
export { canonicalJson } from './canonical-json';
