import fc from 'fast-check';
import { HashChains } from './hash-chains';

describe('HashChains', () => {
  it('returns every value filed under a fingerprint, newest first, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.nat()), { maxLength: 3000 }), (entries) => {
        const chains = new HashChains(16);
        entries.forEach(([fingerprint, value]) => chains.add(fingerprint, value));
        const expected = new Map<number, number[]>();
        entries.forEach(([fingerprint, value]) => expected.set(fingerprint, [value, ...(expected.get(fingerprint) ?? [])]));
        for (const [fingerprint, values] of expected) {
          const found: number[] = [];
          for (let entry = chains.firstEntry(fingerprint); entry >= 0; entry = chains.nextEntry(entry, fingerprint)) found.push(chains.valueAt(entry));
          expect(found).toEqual(values);
        }
        expect(chains.size).toBe(entries.length);
      }),
      { numRuns: 60 },
    );
  });
});
