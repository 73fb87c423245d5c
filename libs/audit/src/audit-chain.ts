import { auditEntryHash, GENESIS_HASH, type AuditEntry } from './audit-entry';

/** The first place where the stored log differs from the chain that was written. */
export type ChainBreak =
  /** The entry's fields no longer match its own hash. */
  | { problem: 'altered'; entryId: string; explanation: string }
  /** The entry is not part of the written chain: it was put in between existing entries. */
  | { problem: 'inserted'; entryId: string; explanation: string }
  /** The entry's predecessor is missing from the log. */
  | { problem: 'deleted-before'; entryId: string; explanation: string }
  /** An entry recorded outside the log (an expected head, a checkpoint) is past the log's end: entries were cut off. */
  | { problem: 'cut'; entryId: string; explanation: string }
  /** An entry recorded outside the log is no longer in it as recorded: the log was rewritten up to it. */
  | { problem: 'rewritten'; entryId: string; explanation: string };

/**
 * An entry known from outside the log (`audit verify --expect-head`, a signed checkpoint) that
 * the chain must still contain, with this hash. The hash covers every entry before it, so a
 * chain that contains it kept all of them as they were.
 */
export interface ExpectedEntry {
  id: string;
  hash: string;
  /** Names where it came from in the explanation, e.g. "the expected head". */
  source: string;
}

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
  /** Still to be met, lowest id last (so the next one is popped off the end). */
  private readonly pending: ExpectedEntry[];

  constructor(
    private readonly lookups: ChainLookups,
    expected: readonly ExpectedEntry[] = [],
  ) {
    this.pending = [...expected].sort((a, b) => compareIds(b.id, a.id));
  }

  /** Checks the next entry; returns the break it reveals, if any. */
  async next(entry: AuditEntry): Promise<ChainBreak | undefined> {
    this.firstId ??= entry.id;
    if (auditEntryHash(entry) !== entry.hash) {
      return { problem: 'altered', entryId: entry.id, explanation: `entry ${entry.id} was altered: its fields no longer match its hash` };
    }
    const expected = this.previous?.hash ?? GENESIS_HASH;
    if (entry.previousHash !== expected) return this.linkBreak(entry, expected);
    const unmet = this.unmetExpectation(entry);
    if (unmet) return unmet;
    this.previous = { id: entry.id, hash: entry.hash };
    this.checked++;
    return undefined;
  }

  /** After the last entry: the verdict, which names the first expected entry past the log's end as cut off. */
  verdict(chainBreak?: ChainBreak): ChainVerdict {
    const brokenAt = chainBreak ?? this.cutOff();
    return brokenAt ? { intact: false, entriesBeforeBreak: this.checked, firstBreak: brokenAt } : { intact: true, entries: this.checked, head: this.previous };
  }

  /** An expected entry this one should be, or that the walk has passed without meeting. */
  private unmetExpectation(entry: AuditEntry): ChainBreak | undefined {
    for (let next = this.pending.at(-1); next && compareIds(next.id, entry.id) <= 0; next = this.pending.at(-1)) {
      if (next.id === entry.id && next.hash === entry.hash) {
        this.pending.pop();
        continue;
      }
      const found = next.id === entry.id ? `entry ${entry.id} has sha256 ${entry.hash}` : `the log has no entry ${next.id} though it goes on past it`;
      return { problem: 'rewritten', entryId: next.id, explanation: `${describe(next)} is not in the log: ${found}, so the log was rewritten up to it` };
    }
    return undefined;
  }

  private cutOff(): ChainBreak | undefined {
    const next = this.pending.at(-1);
    if (!next) return undefined;
    const end = this.previous ? `the log ends at entry ${this.previous.id}` : 'the log is empty';
    return { problem: 'cut', entryId: next.id, explanation: `${describe(next)} is not in the log: ${end}, so entries were cut from its end` };
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

function describe(expected: ExpectedEntry): string {
  return `${expected.source} (entry ${expected.id}, sha256 ${expected.hash})`;
}

/** Entry ids are bigint identities as decimal text: compared as numbers, not as strings. */
function compareIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}
