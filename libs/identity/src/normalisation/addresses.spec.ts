import { normaliseAddress, normalisePostcode } from './addresses';

describe('normaliseAddress', () => {
  it('folds case, punctuation and street words', () => {
    expect(normaliseAddress('12 Oak Street, Apt. 3')).toBe('12 oak st apt 3');
    expect(normaliseAddress('12 OAK ST #3')).toBe('12 oak st apt 3');
    expect(normaliseAddress('7 North Avenue')).toBe('7 n ave');
    expect(normaliseAddress(undefined)).toBe('');
  });
});

describe('normalisePostcode', () => {
  it('keeps the five-digit ZIP of a ZIP+4 and folds other formats', () => {
    expect(normalisePostcode('80001-1234')).toBe('80001');
    expect(normalisePostcode(' sw1a 1aa ')).toBe('SW1A1AA');
    expect(normalisePostcode(undefined)).toBe('');
  });
});
