import fc from 'fast-check';
import { isAdjacentTransposition, isOneEditApart } from '../comparison/edit-distance';
import { jaroWinklerAtLeast } from '../comparison/jaro-winkler';
import { RecordStore } from '../index-store/record-store';
import { normalisePerson } from '../normalisation/person';
import type { PersonRecord } from '../records/person-record';
import {
  BIRTH_DATE,
  COMPARISON_COUNT,
  DateLevel,
  dateLevel,
  GIVEN,
  GivenLevel,
  LOCAL_ID,
  MIDDLE,
  MiddleLevel,
  MISSING,
  NAME_ORDER,
  NameOrderLevel,
  RecordComparator,
  RESIDENCE,
  ResidenceLevel,
  SSN,
  SsnLevel,
  SURNAME,
  SurnameLevel,
} from './comparisons';

const base: PersonRecord = { record_id: 'a', first_name: 'William', last_name: 'Garcia', birth_date: '2010-03-07' };

function levelsOf(a: Partial<PersonRecord>, b: Partial<PersonRecord>, sources: [string, string] = ['k12', 'k12']): Int8Array {
  const store = new RecordStore();
  const rowA = store.stage('a', normalisePerson({ ...base, ...a }, sources[0]));
  store.commit(rowA);
  const rowB = store.stage('b', normalisePerson({ ...base, record_id: 'b', ...b }, sources[1]));
  store.commit(rowB);
  const levels = new Int8Array(COMPARISON_COUNT);
  new RecordComparator(store).compare(rowA, rowB, levels);
  return levels;
}

describe('given name levels', () => {
  it.each([
    ['WILLIAM', GivenLevel.exact],
    ['Bill', GivenLevel.nickname],
    ['Wlliam', GivenLevel.typo],
    ['Wiliam', GivenLevel.typo],
    ['Willem', GivenLevel.similar],
    ['W', GivenLevel.initial],
    ['Robert', GivenLevel.different],
  ])('William vs %s', (other, level) => {
    expect(levelsOf({}, { first_name: other })[GIVEN]).toBe(level);
  });

  it('recognises one wrong letter in a short name as a typo, but not a different short name', () => {
    expect(levelsOf({ first_name: 'Jacob' }, { first_name: 'Jawob' })[GIVEN]).toBe(GivenLevel.typo);
    expect(levelsOf({ first_name: 'Jon' }, { first_name: 'Jan' })[GIVEN]).toBe(GivenLevel.similar);
  });

  it('recognises a scanning error as a typo: a letter read as two, a digit for a letter', () => {
    expect(levelsOf({ first_name: 'Guadalupe' }, { first_name: 'Guaclalupe' })[GIVEN]).toBe(GivenLevel.typo);
    expect(levelsOf({ first_name: 'Brandon' }, { first_name: 'Braridon' })[GIVEN]).toBe(GivenLevel.typo);
    expect(levelsOf({ first_name: 'Robert' }, { first_name: 'Ro6ert' })[GIVEN]).toBe(GivenLevel.exact);
    expect(levelsOf({ last_name: 'Marino' }, { last_name: 'Rnarino' })[SURNAME]).toBe(SurnameLevel.typo);
  });

  it('recognises someone going by the middle name', () => {
    expect(levelsOf({ first_name: 'James', middle_name: 'Robert' }, { first_name: 'Robert' })[GIVEN]).toBe(GivenLevel.middleAsGiven);
  });

  it('is missing when either side has no given name', () => {
    expect(levelsOf({ first_name: '' }, {})[GIVEN]).toBe(MISSING);
  });
});

describe('surname levels', () => {
  it.each([
    ['García', SurnameLevel.exact],
    ['Garcia Jr', SurnameLevel.exact],
    ['Garcia-Lopez', SurnameLevel.compoundPart],
    ['Gracia', SurnameLevel.typo],
    ['Garza', SurnameLevel.similar],
    ['Smith', SurnameLevel.different],
  ])('Garcia vs %s', (other, level) => {
    expect(levelsOf({}, { last_name: other })[SURNAME]).toBe(level);
  });
});

describe('name order', () => {
  it('compares swapped given name and surname crosswise', () => {
    const levels = levelsOf({}, { first_name: 'Garcia', last_name: 'William' });
    expect(levels[NAME_ORDER]).toBe(NameOrderLevel.swapped);
    expect(levels[GIVEN]).toBe(GivenLevel.exact);
    expect(levels[SURNAME]).toBe(SurnameLevel.exact);
  });

  it('keeps the given order when it agrees', () => {
    expect(levelsOf({}, {})[NAME_ORDER]).toBe(NameOrderLevel.asGiven);
  });
});

describe('birth date levels', () => {
  it.each([
    [20100307, 20100307, DateLevel.exact],
    [20100307, 20100703, DateLevel.dayMonthSwapped],
    [20100307, 20100807, DateLevel.oneDigit],
    [20100307, 20100325, DateLevel.withinMonth],
    [20100307, 20101125, DateLevel.sameYear],
    [20100307, 20140625, DateLevel.different],
    [20100307, 0, MISSING],
  ])('%d vs %d', (a, b, level) => {
    expect(dateLevel(a, b)).toBe(level);
  });

  it('reads US and compact dates alike', () => {
    expect(levelsOf({ birth_date: '03/07/2010' }, { birth_date: '20100307' })[BIRTH_DATE]).toBe(DateLevel.exact);
  });
});

describe('other fields', () => {
  it('needs agreeing postcodes for the same address', () => {
    const home = { address: '12 Oak Street Apt 3', postcode: '80001' };
    expect(levelsOf(home, { address: '12 oak st #3', postcode: '80001' })[RESIDENCE]).toBe(ResidenceLevel.sameAddress);
    expect(levelsOf(home, { address: '12 Oak Street Apt 3', postcode: '90210' })[RESIDENCE]).toBe(ResidenceLevel.different);
    expect(levelsOf(home, { address: '12 Oak Street Apt 3', postcode: '80010' })[RESIDENCE]).toBe(ResidenceLevel.sameAddress);
    expect(levelsOf(home, { address: '12 Oak Street Apt 3', postcode: '10008' })[RESIDENCE]).toBe(ResidenceLevel.different);
    expect(levelsOf(home, { address: '99 Elm Road', postcode: '80001' })[RESIDENCE]).toBe(ResidenceLevel.samePostcode);
    expect(levelsOf(home, {})[RESIDENCE]).toBe(MISSING);
  });

  it('counts one typing error anywhere in an address, house number included, as a similar address', () => {
    const home = { address: '240 Brook Court', postcode: '80273' };
    expect(levelsOf(home, { address: '204 Brook Court', postcode: '80273' })[RESIDENCE]).toBe(ResidenceLevel.similarAddress);
    expect(levelsOf(home, { address: '2400 Brook Court', postcode: '80273' })[RESIDENCE]).toBe(ResidenceLevel.similarAddress);
    expect(levelsOf(home, { address: '240 Brok Court', postcode: '80273' })[RESIDENCE]).toBe(ResidenceLevel.similarAddress);
    expect(levelsOf(home, { address: '250 Brok Court', postcode: '80273' })[RESIDENCE]).toBe(ResidenceLevel.samePostcode);
    expect(levelsOf(home, { address: '421 Brook Court', postcode: '80273' })[RESIDENCE]).toBe(ResidenceLevel.samePostcode);
    expect(levelsOf({ address: '164 Drevermann Street Burraminga' }, { address: '164 Burraminga Drevermann Street' })[RESIDENCE]).toBe(ResidenceLevel.similarAddress);
  });

  it('decides similar addresses from per-address fingerprints exactly as the plain definition does', () => {
    // The definition, written out on the two texts: one typing error apart without spaces; the
    // same words in another order; the same numbers with letters one slip apart.
    const plainSimilar = (a: string, b: string): boolean => {
      const [compactA, compactB] = [a.replace(/\s+/g, ''), b.replace(/\s+/g, '')];
      if (isOneEditApart(compactA, compactB) || isAdjacentTransposition(compactA, compactB)) return true;
      if (a.split(' ').sort().join(' ') === b.split(' ').sort().join(' ')) return true;
      if (a.replace(/\D+/g, ' ').trim() !== b.replace(/\D+/g, ' ').trim()) return false;
      const [lettersA, lettersB] = [a.replace(/[\d\s]+/g, ''), b.replace(/[\d\s]+/g, '')];
      return lettersA === lettersB || isOneEditApart(lettersA, lettersB) || jaroWinklerAtLeast(lettersA, lettersB, 0.92) >= 0.92;
    };
    // Pairs made to be near misses and near hits: the same words reordered, one character
    // slipped, another number, another word, from a few words and numbers.
    const word = fc.constantFrom('oak', 'oka', 'oaks', 'elm', 'harbour', 'harbor', 'st', 'street', 'ct', 'flat', 'apt', '12', '21', '120', '3', '7');
    const slip = (text: string, at: number, kind: number): string => {
      const i = at % text.length;
      if (kind === 0) return text.slice(0, i) + text.slice(i + 1);
      if (kind === 1) return `${text.slice(0, i)}x${text.slice(i)}`;
      if (kind === 2) return `${text.slice(0, i)}${text[i] === '1' ? '2' : '1'}${text.slice(i + 1)}`;
      return i + 1 < text.length ? text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2) : text;
    };
    const pair = fc
      .tuple(
        fc.array(word, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('reordered', 'slipped', 'replaced', 'other'),
        fc.nat(),
        fc.nat(3),
        fc.array(word, { minLength: 1, maxLength: 5 }),
        word,
      )
      .map(([words, change, at, kind, otherWords, otherWord]) => {
        const text = words.join(' ');
        if (change === 'reordered') return [text, [...words.slice(at % words.length), ...words.slice(0, at % words.length)].join(' ')];
        if (change === 'slipped') return [text, slip(text, at, kind)];
        if (change === 'replaced') return [text, words.map((w, i) => (i === at % words.length ? otherWord : w)).join(' ')];
        return [text, otherWords.join(' ')];
      });
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 800 }), (pairs) => {
        const store = new RecordStore();
        const rowOf = (text: string): number => {
          const recordId = `r${store.size}`;
          const row = store.stage(recordId, normalisePerson({ ...base, record_id: recordId, address: text }, 'k12'));
          store.commit(row);
          return row;
        };
        const comparator = new RecordComparator(store);
        const levels = new Int8Array(COMPARISON_COUNT);
        return pairs.every(([textA, textB]) => {
          const [rowA, rowB] = [rowOf(textA), rowOf(textB)];
          const [a, b] = [store.addresses.text(store.address(rowA)), store.addresses.text(store.address(rowB))];
          if (a === '' || b === '') return true;
          comparator.compare(rowA, rowB, levels);
          const expected = a === b ? ResidenceLevel.sameAddress : plainSimilar(a, b) ? ResidenceLevel.similarAddress : ResidenceLevel.different;
          return levels[RESIDENCE] === expected;
        });
      }),
      { numRuns: 40 },
    );
  });

  it('compares local ids within one source only', () => {
    expect(levelsOf({ local_id: 'X1' }, { local_id: 'X1' })[LOCAL_ID]).toBe(0);
    expect(levelsOf({ local_id: 'X1' }, { local_id: 'X2' })[LOCAL_ID]).toBe(1);
    expect(levelsOf({ local_id: 'X1' }, { local_id: 'X1' }, ['k12', 'health'])[LOCAL_ID]).toBe(MISSING);
  });

  it('tells a mistyped SSN from a different one', () => {
    expect(levelsOf({ ssn: '123-45-6789' }, { ssn: '123456789' })[SSN]).toBe(SsnLevel.same);
    expect(levelsOf({ ssn: '123456789' }, { ssn: '123456780' })[SSN]).toBe(SsnLevel.oneDigit);
    expect(levelsOf({ ssn: '123456789' }, { ssn: '213456789' })[SSN]).toBe(SsnLevel.oneDigit);
    expect(levelsOf({ ssn: '123456789' }, { ssn: '987654321' })[SSN]).toBe(SsnLevel.different);
  });

  it('accepts a middle initial', () => {
    expect(levelsOf({ middle_name: 'Robert' }, { middle_name: 'R.' })[MIDDLE]).toBe(MiddleLevel.initial);
  });
});
