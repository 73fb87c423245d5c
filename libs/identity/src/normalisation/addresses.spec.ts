import { normaliseAddress, normalisePostcode } from './addresses';

describe('normaliseAddress', () => {
  it('folds case, punctuation and street words', () => {
    expect(normaliseAddress('12 Oak Street, Apt. 3')).toBe('12 oak st apt 3');
    expect(normaliseAddress('12 OAK ST #3')).toBe('12 oak st apt 3');
    expect(normaliseAddress('7 North Avenue')).toBe('7 n ave');
    expect(normaliseAddress(undefined)).toBe('');
  });

  it('keeps numbers apart from the words around them and joins words split by a dot or an apostrophe', () => {
    expect(normaliseAddress('12B Oak St.#3A')).toBe('12 b oak st apt 3 a');
    expect(normaliseAddress("O'Neil Rd. 4.5")).toBe('oneil rd 4 5');
    expect(normaliseAddress('St.James Court - Unit 2')).toBe('stjames ct apt 2');
    expect(normaliseAddress(' ,. ')).toBe('');
  });

  it('drops a generation suffix unless it is the first word after a number', () => {
    expect(normaliseAddress('1400 Martin Luther King Jr Blvd')).toBe('1400 martin luther king blvd');
    expect(normaliseAddress('7 Jr Street 2 Sr')).toBe('7 jr st 2 sr');
  });

  it('folds accents and Unicode punctuation to the same words as their ASCII spelling', () => {
    expect(normaliseAddress('12 Rue du Château’s, Apt 3')).toBe(normaliseAddress('12 rue du chateaus apt 3'));
    expect(normaliseAddress('9 Straße\u00a0Nord')).toBe('9 strasse nord');
  });

  it('reads a word that names an object property as a word', () => {
    expect(normaliseAddress('5 Constructor Road')).toBe('5 constructor rd');
  });
});

describe('normalisePostcode', () => {
  it('keeps the five-digit ZIP of a ZIP+4 and folds other formats', () => {
    expect(normalisePostcode('80001-1234')).toBe('80001');
    expect(normalisePostcode(' sw1a 1aa ')).toBe('SW1A1AA');
    expect(normalisePostcode(undefined)).toBe('');
  });
});
