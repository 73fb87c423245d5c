import fc from 'fast-check';
import { isAdjacentTransposition, isOneEditApart } from './edit-distance';

describe('isOneEditApart', () => {
  it.each([
    ['smith', 'smyth', true],
    ['smith', 'smit', true],
    ['smith', 'smiith', true],
    ['smith', 'msith', true],
    ['smith', 'smith', false],
    ['smith', 'smote', false],
    ['smith', 'sm', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(isOneEditApart(a, b)).toBe(expected);
  });

  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 });

  it('is symmetric', () => {
    fc.assert(
      fc.property(word, word, (a, b) => expect(isOneEditApart(a, b)).toBe(isOneEditApart(b, a))),
      { numRuns: 3000 },
    );
  });

  it('holds for every single deletion', () => {
    fc.assert(
      fc.property(
        word.filter((w) => w.length > 0),
        fc.nat(),
        (w, at) => {
          const position = at % w.length;
          expect(isOneEditApart(w, w.slice(0, position) + w.slice(position + 1))).toBe(true);
        },
      ),
    );
  });
});

describe('isAdjacentTransposition', () => {
  it('finds one exchange of neighbours and nothing else', () => {
    expect(isAdjacentTransposition('jon', 'jno')).toBe(true);
    expect(isAdjacentTransposition('jon', 'jon')).toBe(false);
    expect(isAdjacentTransposition('abcd', 'badc')).toBe(false);
    expect(isAdjacentTransposition('aab', 'aab')).toBe(false);
  });
});
