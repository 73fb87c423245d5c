import { auditEntryHash, GENESIS_HASH, type AuditEntry } from './audit-entry';

/** The first place where the stored log differs from the chain that was written. */
export type ChainBreak =
  /** The entry's fields no longer match its own hash. */
  | { problem: 'altered'; entryId: string; explanation: string }
  /** The entry is not part of the written chain: it was put in between existing entries. */
  | { problem: 'inserted'; entryId: string; explanation: string }
  /** The entry's predecessor is missing from the log. */
  | { problem: 'deleted-before'; entryId: string; explanation: string };

export type ChainVerdict = { intact: true; entries: number; head: { id: string; hash: string } | null } | { intact: false; entriesBeforeBreak: number; firstBreak: ChainBreak };

/** Questions the walk asks the whole log when the chain breaks, to tell insertion from deletion. */
export interface ChainLookups {
  /** The id of the entry stored right after the entry with this hash, when that entry is stored before `beforeId`. */
  entryFollowing(hash: string, beforeId: string): Promise<string | undefined>;
  /** Whether an entry stored after `afterId` names `hash` as its predecessor. */
  hasSuccessorAfter(hash: string, afterId: string): Promise<boolean>;
}

/**
 * Walks the log in storage order, one entry at a time (so it needs memory for one entry,
 * not the whole log), and stops at the first break.
 */
export class ChainWalker {
  private previous: { id: string; hash: string } | null = null;
  private firstId: string | null = null;
  private checked = 0;

  constructor(private readonly lookups: ChainLookups) {}

  /** Checks the next entry; returns the break it reveals, if any. */
  async next(entry: AuditEntry): Promise<ChainBreak | undefined> {
    this.firstId ??= entry.id;
    if (auditEntryHash(entry) !== entry.hash) {
      return { problem: 'altered', entryId: entry.id, explanation: `entry ${entry.id} was altered: its fields no longer match its hash` };
    }
    const expected = this.previous?.hash ?? GENESIS_HASH;
    if (entry.previousHash !== expected) return this.linkBreak(entry, expected);
    this.previous = { id: entry.id, hash: entry.hash };
    this.checked++;
    return undefined;
  }

  verdict(chainBreak?: ChainBreak): ChainVerdict {
    return chainBreak ? { intact: false, entriesBeforeBreak: this.checked, firstBreak: chainBreak } : { intact: true, entries: this.checked, head: this.previous };
  }

  /**
   * The entry is sound in itself but does not follow the entry stored before it. If it
   * follows an earlier entry, what lies between was inserted; if a later entry follows the
   * one before it, this entry (and any up to that one) was inserted; otherwise the entry it
   * follows is gone: deleted (or rewritten together with its hash, which looks the same).
   */
  private async linkBreak(entry: AuditEntry, expected: string): Promise<ChainBreak> {
    const firstInserted = entry.previousHash === GENESIS_HASH ? this.firstId! : await this.lookups.entryFollowing(entry.previousHash, entry.id);
    if (firstInserted !== undefined) {
      return { problem: 'inserted', entryId: firstInserted, explanation: `entry ${firstInserted} was inserted: entry ${entry.id} follows the entry before it` };
    }
    if (await this.lookups.hasSuccessorAfter(expected, entry.id)) {
      return { problem: 'inserted', entryId: entry.id, explanation: `entry ${entry.id} was inserted: a later entry follows the one before it` };
    }
    return { problem: 'deleted-before', entryId: entry.id, explanation: `entries were deleted before entry ${entry.id}: the entry it follows is not in the log` };
  }
}
