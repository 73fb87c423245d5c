import fc from 'fast-check';
import { normaliseName, surnameParts } from './names';

describe('normaliseName', () => {
  it.each([
    ['José', 'jose'],
    ['  ZOË  ', 'zoe'],
    ["O'Brien", 'obrien'],
    ['Garcia-Lopez', 'garcia lopez'],
    ['Smith Jr.', 'smith'],
    ['Martin Luther King III', 'martin luther king'],
    ['Henry 2nd', 'henry'],
    ['Straße', 'strasse'],
    ['Łukasz', 'lukasz'],
    ['Junior', 'junior'],
    ['---', ''],
    // A digit inside a word is a scanning slip for the letter it looks like, not a break.
    ['Ro6ert', 'robert'],
    ['5arah', 'sarah'],
    ['Ange1a', 'angela'],
    ['Henry 3', 'henry'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseName(raw).text).toBe(expected);
  });

  it('treats missing values as empty', () => {
    expect(normaliseName(undefined).tokens).toEqual([]);
    expect(normaliseName(null).text).toBe('');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (raw) => {
        const once = normaliseName(raw).text;
        expect(normaliseName(once).text).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('folds a plain word as it folds the same word with punctuation around it', () => {
    // A trailing dot sends the word through the full folding; a plain word takes a shortcut.
    const word = fc.string({ unit: fc.constantFrom(...'abcjrsvxyzABCJRSVXYZ'), minLength: 1, maxLength: 12 });
    fc.assert(fc.property(word, (raw) => expect(normaliseName(raw)).toEqual(normaliseName(`${raw}.`))));
    expect(normaliseName('Jr')).toEqual({ text: 'jr', tokens: ['jr'] });
  });

  it('yields only lower-case ASCII letters and single spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (raw) => {
        expect(normaliseName(raw).text).toMatch(/^([a-z]+( [a-z]+)*)?$/);
      }),
    );
  });
});

describe('compound surnames', () => {
  it('lists distinctive parts and skips particles', () => {
    expect(surnameParts(normaliseName('de la Cruz-García'))).toEqual(['cruz', 'garcia']);
    expect(surnameParts(normaliseName('Smith'))).toEqual([]);
  });
});
