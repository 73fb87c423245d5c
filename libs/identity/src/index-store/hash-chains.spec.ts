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

  it('keeps every chain in order across pages (tens of thousands of entries)', () => {
    const chains = new HashChains(16);
    const entries = 50_000;
    for (let value = 0; value < entries; value++) chains.add(value % 7, value);
    for (let fingerprint = 0; fingerprint < 7; fingerprint++) {
      const found: number[] = [];
      for (let entry = chains.firstEntry(fingerprint); entry >= 0; entry = chains.nextEntry(entry, fingerprint)) found.push(chains.valueAt(entry));
      const expected = Array.from({ length: entries }, (_, value) => value)
        .filter((value) => value % 7 === fingerprint)
        .reverse();
      expect(found).toEqual(expected);
    }
    expect(chains.firstEntry(7)).toBe(-1);
  });
});
