import fc from 'fast-check';
import { isAdjacentTransposition, isOcrSplitApart, isOneEditApart } from './edit-distance';

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

describe('isOcrSplitApart', () => {
  it.each([
    ['maria', 'rnaria', true],
    ['guadalupe', 'guaclalupe', true],
    ['brandon', 'braridon', true],
    ['nathan', 'riathan', true],
    ['william', 'vvilliam', true],
    ['maria', 'maria', false],
    ['maria', 'rnarla', false],
    ['dara', 'sara', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(isOcrSplitApart(a, b)).toBe(expected);
    expect(isOcrSplitApart(b, a)).toBe(expected);
  });

  it('holds for every letter replaced by its scanned pair, and for nothing of another length', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'm', 'd', 'r', 'n', 'c', 'l'), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(word, fc.nat(), (text, at) => {
        const index = at % text.length;
        const pair = { m: 'rn', d: 'cl', n: 'ri' }[text[index] as 'm' | 'd' | 'n'];
        if (pair !== undefined) expect(isOcrSplitApart(text, text.slice(0, index) + pair + text.slice(index + 1))).toBe(true);
        expect(isOcrSplitApart(text, `${text}aa`)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
