import fc from 'fast-check';
import { ChainWalker, type ChainLookups, type ChainVerdict } from './audit-chain';
import { auditEntryHash, GENESIS_HASH, type AuditEntry } from './audit-entry';

/** A chain of `length` correctly linked entries with ids 1..length. */
function chain(length: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= length; n++) {
    const fields = {
      kind: 'login',
      actor: `client-${n}`,
      subject: null,
      details: { n },
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
      previousHash: entries.at(-1)?.hash ?? GENESIS_HASH,
    };
    entries.push({ id: String(n), ...fields, hash: auditEntryHash(fields) });
  }
  return entries;
}

/** What the verifier asks the database, answered from an in-memory log. */
function lookupsOver(entries: AuditEntry[]): ChainLookups {
  return {
    async entryFollowing(hash, beforeId) {
      const index = entries.findIndex((entry) => entry.hash === hash && Number(entry.id) < Number(beforeId));
      return index >= 0 ? entries[index + 1]?.id : undefined;
    },
    async hasSuccessorAfter(hash, afterId) {
      return entries.some((entry) => entry.previousHash === hash && Number(entry.id) > Number(afterId));
    },
  };
}

async function verify(entries: AuditEntry[]): Promise<ChainVerdict> {
  const walker = new ChainWalker(lookupsOver(entries));
  for (const entry of entries) {
    const chainBreak = await walker.next(entry);
    if (chainBreak) return walker.verdict(chainBreak);
  }
  return walker.verdict();
}

const positions = fc.integer({ min: 3, max: 12 }).chain((length) => fc.tuple(fc.constant(length), fc.integer({ min: 1, max: length })));

describe('ChainWalker', () => {
  it('proves an untouched chain intact and names its head', async () => {
    const entries = chain(5);
    expect(await verify(entries)).toEqual({ intact: true, entries: 5, head: { id: '5', hash: entries[4].hash } });
  });

  it('names any altered entry as altered', async () => {
    await fc.assert(
      fc.asyncProperty(positions, fc.string(), async ([length, position], actor) => {
        const entries = chain(length);
        fc.pre(entries[position - 1].actor !== actor);
        entries[position - 1] = { ...entries[position - 1], actor };
        expect(await verify(entries)).toMatchObject({ intact: false, entriesBeforeBreak: position - 1, firstBreak: { problem: 'altered', entryId: String(position) } });
      }),
    );
  });

  it('names the entry after any deleted entry, except the last, whose loss only an outside record of the head shows', async () => {
    await fc.assert(
      fc.asyncProperty(positions, async ([length, position]) => {
        const entries = chain(length).filter((entry) => entry.id !== String(position));
        const verdict = await verify(entries);
        if (position === length) expect(verdict).toMatchObject({ intact: true, entries: length - 1 });
        else expect(verdict).toMatchObject({ intact: false, firstBreak: { problem: 'deleted-before', entryId: String(position + 1) } });
      }),
    );
  });

  it('names any inserted entry, whether it claims the right predecessor or not', async () => {
    await fc.assert(
      fc.asyncProperty(positions, fc.boolean(), async ([length, position], chained) => {
        const original = chain(length);
        const previousHash = chained ? (original[position - 2]?.hash ?? GENESIS_HASH) : 'f'.repeat(64);
        const fields = { kind: 'disclosure', actor: 'intruder', subject: null, details: {}, recordedAt: new Date(), previousHash };
        const forged: AuditEntry = { id: String(position), ...fields, hash: auditEntryHash(fields) };
        // Stored where entry `position` was; it and those after it move up by one.
        const entries = [...original.slice(0, position - 1), forged, ...original.slice(position - 1).map((entry) => ({ ...entry, id: String(Number(entry.id) + 1) }))];
        expect(await verify(entries)).toMatchObject({ intact: false, firstBreak: { problem: 'inserted', entryId: String(position) } });
      }),
    );
  });
});
