import fc from 'fast-check';
import { ChainWalker, type ChainLookups, type ChainVerdict, type ExpectedEntry } from './audit-chain';
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

async function verify(entries: AuditEntry[], expected: ExpectedEntry[] = []): Promise<ChainVerdict> {
  const walker = new ChainWalker(lookupsOver(entries), expected);
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

  describe('with an entry recorded outside the log (an expected head, a checkpoint)', () => {
    const recorded = (entry: AuditEntry): ExpectedEntry => ({ id: entry.id, hash: entry.hash, source: 'the expected head' });

    /** Appends `count` correctly linked entries after the last one, as the hub goes on writing after a cut. */
    function appendAfter(entries: AuditEntry[], count: number, firstId: number): AuditEntry[] {
      const grown = [...entries];
      for (let n = 0; n < count; n++) {
        const fields = {
          kind: 'login',
          actor: 'after-the-cut',
          subject: null,
          details: { n },
          recordedAt: new Date(Date.UTC(2026, 1, 1, 0, 0, n)),
          previousHash: grown.at(-1)?.hash ?? GENESIS_HASH,
        };
        grown.push({ id: String(firstId + n), ...fields, hash: auditEntryHash(fields) });
      }
      return grown;
    }

    it('proves intact a chain that contains it, at its end or before', async () => {
      await fc.assert(
        fc.asyncProperty(positions, async ([length, position]) => {
          const entries = chain(length);
          expect(await verify(entries, [recorded(entries[position - 1]), recorded(entries[length - 1])])).toMatchObject({ intact: true, entries: length });
        }),
      );
    });

    it('names it cut when any number of entries up to it were deleted from the end', async () => {
      await fc.assert(
        fc.asyncProperty(positions, async ([length, kept]) => {
          const entries = chain(length);
          fc.pre(kept < length);
          const verdict = await verify(entries.slice(0, kept), [recorded(entries[length - 1])]);
          expect(verdict).toEqual({
            intact: false,
            entriesBeforeBreak: kept,
            firstBreak: {
              problem: 'cut',
              entryId: String(length),
              explanation: `the expected head (entry ${length}, sha256 ${entries[length - 1].hash}) is not in the log: the log ends at entry ${kept}, so entries were cut from its end`,
            },
          });
        }),
      );
    });

    it('names it rewritten when entries were cut and the log went on, under the same ids or new ones', async () => {
      await fc.assert(
        fc.asyncProperty(positions, fc.integer({ min: 1, max: 5 }), fc.boolean(), async ([length, kept], appended, reusedIds) => {
          const entries = chain(length);
          fc.pre(kept < length);
          const regrown = appendAfter(entries.slice(0, kept), appended, reusedIds ? kept + 1 : length + 1);
          // A log that has not yet grown back to the recorded entry is merely cut (above).
          fc.pre(Number(regrown.at(-1)!.id) >= length);
          const verdict = await verify(regrown, [recorded(entries[length - 1])]);
          expect(verdict).toMatchObject({ intact: false, entriesBeforeBreak: reusedIds ? length - 1 : kept, firstBreak: { problem: 'rewritten', entryId: String(length) } });
        }),
      );
    });

    it('names it cut from an empty log', async () => {
      const [first] = chain(1);
      expect(await verify([], [recorded(first)])).toMatchObject({
        intact: false,
        entriesBeforeBreak: 0,
        firstBreak: { problem: 'cut', explanation: expect.stringContaining('the log is empty') },
      });
    });
  });
});
