import fc from 'fast-check';
import { jaroWinkler } from './jaro-winkler';

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
