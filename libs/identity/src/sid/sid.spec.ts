import fc from 'fast-check';
import { dammCheckDigit, isValidSid, SequenceSidAllocator, sidBody, sidFromBody, sidFromSerial } from './sid';

const serial = fc.integer({ min: 0, max: 9_999_999_999 });

describe('SID', () => {
  it('is 11 digits with a Damm check digit', () => {
    const sid = sidFromSerial(1);
    expect(sid).toMatch(/^\d{11}$/);
    expect(dammCheckDigit(sid)).toBe(0);
    expect(isValidSid(sid)).toBe(true);
  });

  it('matches the published Damm example (572 → 4)', () => {
    expect(dammCheckDigit('572')).toBe(4);
    expect(dammCheckDigit('5724')).toBe(0);
  });

  it('rejects anything that is not 11 digits', () => {
    expect(isValidSid('1234567890')).toBe(false);
    expect(isValidSid('1234567890a')).toBe(false);
    expect(isValidSid(12345678901)).toBe(false);
  });

  it('catches every single-digit error', () => {
    fc.assert(
      fc.property(serial, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (value, position, shift) => {
        const sid = sidFromSerial(value);
        const wrongDigit = (Number(sid[position]) + shift) % 10;
        const mistyped = `${sid.slice(0, position)}${wrongDigit}${sid.slice(position + 1)}`;
        expect(isValidSid(mistyped)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('catches every exchange of two different neighbouring digits', () => {
    fc.assert(
      fc.property(serial, fc.integer({ min: 0, max: 9 }), (value, position) => {
        const sid = sidFromSerial(value);
        fc.pre(sid[position] !== sid[position + 1]);
        const swapped = `${sid.slice(0, position)}${sid[position + 1]}${sid[position]}${sid.slice(position + 2)}`;
        expect(isValidSid(swapped)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('gives distinct serials distinct SIDs', () => {
    fc.assert(fc.property(serial, serial, (a, b) => expect(sidFromSerial(a) === sidFromSerial(b)).toBe(a === b)));
  });

  it('does not reveal consecutive serials as consecutive numbers', () => {
    expect(Math.abs(sidBody(sidFromSerial(2)) - sidBody(sidFromSerial(1)))).toBeGreaterThan(1000);
  });

  it('round-trips through its numeric body', () => {
    fc.assert(fc.property(serial, (value) => expect(sidFromBody(sidBody(sidFromSerial(value)))).toBe(sidFromSerial(value))));
  });

  it('allocates increasing serials that are never repeated', () => {
    const allocator = new SequenceSidAllocator(41);
    expect([allocator.nextSerial(), allocator.nextSerial()]).toEqual([41, 42]);
  });

  it('refuses serials outside the 10-digit space', () => {
    expect(() => sidFromSerial(10_000_000_000)).toThrow(RangeError);
    expect(() => sidFromSerial(-1)).toThrow(RangeError);
  });
});
