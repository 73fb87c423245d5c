import type { DataSource } from 'typeorm';
import type { AuditKind } from './audit-entry';

/**
 * An entry as a list of recent entries shows it: when, what kind, who acted, and its place in
 * the chain. Never its subject or details, which may name a child's SID.
 */
export interface AuditEntrySummary {
  id: string;
  kind: string;
  actor: string;
  recordedAt: string;
  hash: string;
}

export interface AuditEntriesPage {
  entries: AuditEntrySummary[];
  page: number;
  pageSize: number;
  /** The next (older) page's number; null on the last. */
  nextPage: number | null;
}

/** The audit log's entries, newest first, a page at a time, optionally of one kind. */
export class AuditEntries {
  constructor(private readonly dataSource: DataSource) {}

  async recent({ kind, page, pageSize }: { kind?: AuditKind; page: number; pageSize: number }): Promise<AuditEntriesPage> {
    // One row past the page tells whether an older page follows, without counting the whole log.
    const rows: Array<{ id: string; kind: string; actor: string; recorded_at: Date; hash: string }> = await this.dataSource.query(
      `SELECT id::text, kind, actor, recorded_at, hash FROM audit_entry
        WHERE $1::text IS NULL OR kind = $1
        ORDER BY audit_entry.id DESC LIMIT $2 OFFSET $3`,
      [kind ?? null, pageSize + 1, (page - 1) * pageSize],
    );
    const entries = rows.slice(0, pageSize).map((row) => ({ id: row.id, kind: row.kind, actor: row.actor, recordedAt: row.recorded_at.toISOString(), hash: row.hash }));
    return { entries, page, pageSize, nextPage: rows.length > pageSize ? page + 1 : null };
  }
}
