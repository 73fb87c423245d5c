import fc from 'fast-check';
import { jaroWinkler, jaroWinklerAtLeast } from './jaro-winkler';

describe('jaroWinkler', () => {
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['jon', 'jno', 0.556],
  ])('%s ~ %s ≈ %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 2);
  });

  it('is 1 for identical strings and 0 against an empty one', () => {
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('smith', '')).toBe(0);
  });

  const name = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), maxLength: 14 });

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        const similarity = jaroWinkler(a, b);
        expect(similarity).toBeGreaterThanOrEqual(0);
        expect(similarity).toBeLessThanOrEqual(1);
        expect(jaroWinkler(b, a)).toBe(similarity);
      }),
      { numRuns: 5000 },
    );
  });

  it('is 1 only for identical strings', () => {
    fc.assert(fc.property(name, name, (a, b) => expect(jaroWinkler(a, b) === 1).toBe(a === b)));
  });
});

describe('jaroWinklerAtLeast', () => {
  // Few letters, so pairs share many of them and land on both sides of the floors.
  const name = fc.string({ unit: fc.constantFrom(...'aeilnorst'), maxLength: 12 });
  const anyText = fc.string({ unit: 'binary', maxLength: 10 });
  const floor = fc.oneof(fc.constantFrom(0.8, 0.88, 0.92), fc.double({ min: 0, max: 1, noNaN: true }));

  it('is the similarity when it reaches the floor, and below the floor when it does not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(name, name), fc.tuple(anyText, anyText)), floor, ([a, b], atLeast) => {
        const similarity = jaroWinkler(a, b);
        const bounded = jaroWinklerAtLeast(a, b, atLeast);
        if (similarity >= atLeast) expect(bounded).toBe(similarity);
        else expect(bounded).toBeLessThan(atLeast);
      }),
      { numRuns: 20_000 },
    );
  });
});
