import fc from 'fast-check';
import { linkedHistoriesToWithhold } from './linked-releases';

describe('linkedHistoriesToWithhold', () => {
  it('withholds a history whose earlier people would be left absent in a group of 1 to k − 1', () => {
    const earlier = new Map([
      ['a', 20],
      ['b', 15],
      ['c', 12],
      ['d', 11],
    ]);
    // a: 5 left absent (withheld); b: all released; c: 11 left absent; d: none released now.
    const released = new Map([
      ['a', 15],
      ['b', 15],
      ['c', 1],
    ]);
    expect(linkedHistoriesToWithhold(earlier, released, 11)).toEqual(new Set(['a']));
  });

  it('leaves people in no earlier release alone, and refuses counts that cannot be of one snapshot', () => {
    expect(linkedHistoriesToWithhold(new Map(), new Map(), 11)).toEqual(new Set());
    expect(() => linkedHistoriesToWithhold(new Map([['a', 11]]), new Map([['a', 12]]), 11)).toThrow('not of one snapshot');
    expect(() => linkedHistoriesToWithhold(new Map(), new Map(), 0)).toThrow('k must be a positive integer');
  });

  it('leaves every class of the union, present or absent now, empty or at least k', () => {
    const histories = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { maxLength: 8 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        histories.chain((names) =>
          fc.tuple(
            fc.constant(names),
            fc.array(fc.integer({ min: 0, max: 40 }), { minLength: names.length, maxLength: names.length }),
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: names.length, maxLength: names.length }),
          ),
        ),
        (k, [names, extra, shares]) => {
          // The earlier union's classes are each at least k (the rule at the earlier builds).
          const earlier = new Map(names.map((name, index) => [name, k + extra[index]]));
          const released = new Map(names.map((name, index) => [name, Math.floor(shares[index] * earlier.get(name)!)]));
          const withheld = linkedHistoriesToWithhold(earlier, released, k);
          for (const name of names) {
            const releasedNow = withheld.has(name) ? 0 : released.get(name)!;
            const absent = earlier.get(name)! - releasedNow;
            expect(absent === 0 || absent >= k).toBe(true);
            // Only what must be: a history is withheld only when releasing its people would leave 1 to k − 1 absent.
            if (withheld.has(name)) expect(earlier.get(name)! - released.get(name)!).toBeLessThan(k);
          }
        },
      ),
    );
  });
});
