import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_KINDS, auditEntryHash, GENESIS_HASH, type AuditEntryInput } from './audit-entry';
import { canonicalJson } from './canonical-json';

/**
 * Appends take this transaction-scoped advisory lock, so entries join the chain one at a
 * time and each one sees its committed predecessor; the unique previous_hash column is the
 * database's own guarantee that the chain never forks even if a caller bypassed the lock.
 */
const APPEND_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('lantern.audit_entry'))`;

/**
 * The append-only, hash-chained audit log (ADR 0006). Services may only insert and read it
 * (role lantern_service); a trigger refuses UPDATE, DELETE and TRUNCATE to everyone.
 */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends one entry. Pass the caller's transaction manager to make the entry part of that
   * transaction (it commits or rolls back with the change it records); the chain lock is then
   * held until that transaction ends, so append last and commit soon.
   */
  async append(entry: AuditEntryInput, manager?: EntityManager): Promise<{ id: string }> {
    assertAppendable(entry);
    if (!manager) return this.dataSource.transaction((own) => appendWithin(own, entry));
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditLog.append: the manager passed must be inside a transaction (dataSource.transaction(fn))');
    }
    return appendWithin(manager, entry);
  }
}

async function appendWithin(manager: EntityManager, entry: AuditEntryInput): Promise<{ id: string }> {
  await manager.query(APPEND_LOCK_SQL);
  const [head]: Array<{ previous_hash: string | null; recorded_at: Date }> = await manager.query(`
    SELECT (SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1) AS previous_hash,
           date_trunc('milliseconds', clock_timestamp()) AS recorded_at`);
  // Stored as the canonical text and hashed over the canonical form of what is stored, so
  // the verifier recomputes the same bytes from the jsonb it reads back.
  const details = JSON.parse(canonicalJson(entry.details)) as Record<string, unknown>;
  const fields = {
    kind: entry.kind,
    actor: entry.actor,
    subject: entry.subject ?? null,
    details,
    recordedAt: head.recorded_at,
    previousHash: head.previous_hash ?? GENESIS_HASH,
  };
  const [inserted]: Array<{ id: string }> = await manager.query(
    `INSERT INTO audit_entry (kind, actor, subject, details, recorded_at, previous_hash, hash)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7) RETURNING id`,
    [fields.kind, fields.actor, fields.subject, canonicalJson(details), fields.recordedAt, fields.previousHash, auditEntryHash(fields)],
  );
  return { id: String(inserted.id) };
}

function assertAppendable(entry: AuditEntryInput): void {
  if (!(AUDIT_KINDS as readonly string[]).includes(entry.kind)) throw new Error(`AuditLog.append: unknown kind "${entry.kind}"`);
  if (typeof entry.actor !== 'string' || entry.actor.trim() === '') throw new Error('AuditLog.append: actor is required');
  const details = entry.details as unknown;
  if (typeof details !== 'object' || details === null || Array.isArray(details)) throw new Error('AuditLog.append: details must be an object');
}
