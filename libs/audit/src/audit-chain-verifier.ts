import type { DataSource } from 'typeorm';
import { ChainWalker, type ChainLookups, type ChainVerdict, type ExpectedEntry } from './audit-chain';
import type { AuditEntry } from './audit-entry';

const PAGE_SIZE = 2000;

interface AuditEntryRow {
  id: string;
  kind: string;
  actor: string;
  subject: string | null;
  details: Record<string, unknown>;
  recorded_at: Date;
  previous_hash: string;
  hash: string;
}

/**
 * Proves the stored audit chain intact, or names its first altered, inserted or deleted entry
 * (ADR 0006); given entries recorded outside the log (an expected head, signed checkpoints), also
 * that the chain still contains each of them, or names the first one cut off or rewritten.
 */
export class AuditChainVerifier {
  constructor(private readonly dataSource: DataSource) {}

  async verify(expected: readonly ExpectedEntry[] = []): Promise<ChainVerdict> {
    const walker = new ChainWalker(this.lookups(), expected);
    for (let afterId = '0'; ;) {
      const page: AuditEntryRow[] = await this.dataSource.query(
        `SELECT id, kind, actor, subject, details, recorded_at, previous_hash, hash
           FROM audit_entry WHERE id > $1 ORDER BY id LIMIT ${PAGE_SIZE}`,
        [afterId],
      );
      for (const row of page) {
        const chainBreak = await walker.next(toEntry(row));
        if (chainBreak) return walker.verdict(chainBreak);
      }
      if (page.length < PAGE_SIZE) return walker.verdict();
      afterId = page[page.length - 1].id;
    }
  }

  /** The last entry, which the next one will follow: what a checkpoint records. */
  async head(): Promise<{ id: string; hash: string } | null> {
    const [head]: Array<{ id: string; hash: string }> = await this.dataSource.query('SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1');
    return head ? { id: String(head.id), hash: head.hash } : null;
  }

  /** Whether the log still holds this entry with this hash: one row, enough to see a cut or rewritten end at once (a rewrite further back is for the full verify). */
  async contains(entry: { id: string; hash: string }): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM audit_entry WHERE id = $1 AND hash = $2', [entry.id, entry.hash]);
    return rows.length > 0;
  }

  private lookups(): ChainLookups {
    return {
      entryFollowing: async (hash, beforeId) => {
        const rows: Array<{ following: string | null }> = await this.dataSource.query(
          `SELECT (SELECT next.id FROM audit_entry next WHERE next.id > e.id ORDER BY next.id LIMIT 1) AS following
             FROM audit_entry e WHERE e.hash = $1 AND e.id < $2`,
          [hash, beforeId],
        );
        return rows[0]?.following ?? undefined;
      },
      hasSuccessorAfter: async (hash, afterId) => {
        const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM audit_entry WHERE previous_hash = $1 AND id > $2 LIMIT 1`, [hash, afterId]);
        return rows.length > 0;
      },
    };
  }
}

function toEntry(row: AuditEntryRow): AuditEntry {
  return {
    id: String(row.id),
    kind: row.kind,
    actor: row.actor,
    subject: row.subject,
    details: row.details,
    recordedAt: row.recorded_at,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
