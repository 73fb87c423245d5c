import fc from 'fast-check';
import { daysApart, isDayMonthSwap, isOneDigitApart, orderedMonthDay, parseBirthDate } from './dates';

describe('parseBirthDate', () => {
  it.each([
    ['2010-03-07', 20100307],
    ['2010-3-7', 20100307],
    ['20100307', 20100307],
    ['03/07/2010', 20100307],
    ['2010/03/07', 20100307],
    ['2010-03-07T00:00:00Z', 20100307],
  ])('%s → %d', (raw, expected) => {
    expect(parseBirthDate(raw)).toBe(expected);
  });

  it.each(['', '2010-02-30', '2010-13-01', '07.03.2010', 'yesterday', '1700-01-01'])('rejects %p', (raw) => {
    expect(parseBirthDate(raw)).toBeUndefined();
  });

  it('accepts 29 February only in leap years', () => {
    expect(parseBirthDate('2012-02-29')).toBe(20120229);
    expect(parseBirthDate('2011-02-29')).toBeUndefined();
  });
});

describe('date variants', () => {
  it('recognises a day/month swap', () => {
    expect(isDayMonthSwap(20100307, 20100703)).toBe(true);
    expect(isDayMonthSwap(20100303, 20100303)).toBe(false);
    expect(isDayMonthSwap(20100307, 20110703)).toBe(false);
  });

  it('gives a date and its swap the same ordered key', () => {
    expect(orderedMonthDay(20100703)).toBe(orderedMonthDay(20100307));
  });

  it('recognises one typed digit and one exchange of neighbours', () => {
    expect(isOneDigitApart(20100307, 20100807)).toBe(true);
    expect(isOneDigitApart(20100317, 20100371)).toBe(true);
    expect(isOneDigitApart(20100307, 20100370)).toBe(true);
    expect(isOneDigitApart(20100307, 20110308)).toBe(false);
    expect(isOneDigitApart(20100307, 20100307)).toBe(false);
  });

  it('counts days across months and years', () => {
    expect(daysApart(20101231, 20110101)).toBe(1);
    expect(daysApart(20100301, 20100228)).toBe(1);
  });

  it('counts days as the calendar does, across leap years and centuries', () => {
    const calendarDate = fc.date({ min: new Date(Date.UTC(1800, 0, 1)), max: new Date(Date.UTC(2999, 11, 31)), noInvalidDate: true });
    const key = (date: Date): number => date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
    const day = (date: Date): number => Math.floor(date.getTime() / 86_400_000);
    fc.assert(fc.property(calendarDate, calendarDate, (a, b) => expect(daysApart(key(a), key(b))).toBe(Math.abs(day(a) - day(b)))));
  });

  it('isOneDigitApart is symmetric', () => {
    const date = fc.integer({ min: 19000101, max: 20991231 });
    fc.assert(fc.property(date, date, (a, b) => expect(isOneDigitApart(a, b)).toBe(isOneDigitApart(b, a))));
  });
});
