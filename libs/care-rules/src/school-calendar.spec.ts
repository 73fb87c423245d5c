import fc from 'fast-check';
import { addDays, atLocalTime, firstSchoolDayFrom, isLocalDate, isSchoolDay, localDateOf, nextStaffedMoment, noticeTimes, type SchoolCalendar, WEEKDAYS_ONLY } from './school-calendar';

// 2026-03-06 is a Friday; 2026-03-09 the Monday after.
const FRIDAY = '2026-03-06';
const MONDAY = '2026-03-09';
const at = (day: string, hour: number, minute = 0) => atLocalTime(day, hour * 60 + minute);
const withHolidays = (...days: string[]): SchoolCalendar => ({ nonSchoolDays: new Set(days) });

describe('school calendar', () => {
  it('knows weekends and listed holidays have no school', () => {
    expect(isSchoolDay(FRIDAY, WEEKDAYS_ONLY)).toBe(true);
    expect(isSchoolDay('2026-03-07', WEEKDAYS_ONLY)).toBe(false);
    expect(isSchoolDay('2026-03-08', WEEKDAYS_ONLY)).toBe(false);
    expect(isSchoolDay(MONDAY, withHolidays(MONDAY))).toBe(false);
    expect(firstSchoolDayFrom('2026-03-07', withHolidays(MONDAY))).toBe('2026-03-10');
  });

  it('checks calendar dates', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-3-1')).toBe(false);
  });

  it('makes a Friday-night flag due, escalating and counting from Monday morning', () => {
    const times = noticeTimes({ issuedAt: at(FRIDAY, 22), calendar: WEEKDAYS_ONLY, escalateAfterMinutes: 120 });
    expect(times.dueBy).toEqual(at(MONDAY, 7));
    expect(times.escalateAt).toEqual(at(MONDAY, 9));
    // Ten school days from Monday 9 March: the last is Friday 20 March.
    expect(times.expiresAt).toEqual(at('2026-03-21', 0));
  });

  it('skips a Monday holiday', () => {
    const times = noticeTimes({ issuedAt: at(FRIDAY, 22), calendar: withHolidays(MONDAY), escalateAfterMinutes: 60 });
    expect(times.dueBy).toEqual(at('2026-03-10', 7));
    expect(times.escalateAt).toEqual(at('2026-03-10', 8));
  });

  it('escalates from the moment of issue when the school is staffed, and honours the agency’s expiry day', () => {
    const times = noticeTimes({ issuedAt: at(MONDAY, 10, 30), calendar: WEEKDAYS_ONLY, escalateAfterMinutes: 90, expiresOn: '2026-03-11' });
    expect(times.dueBy).toEqual(at('2026-03-10', 7));
    expect(times.escalateAt).toEqual(at(MONDAY, 12));
    expect(times.expiresAt).toEqual(at('2026-03-12', 0));
  });

  it('makes an early-morning flag due the same school day', () => {
    expect(noticeTimes({ issuedAt: at(MONDAY, 5), calendar: WEEKDAYS_ONLY, escalateAfterMinutes: 30 }).dueBy).toEqual(at(MONDAY, 7));
    expect(nextStaffedMoment(at(MONDAY, 5), WEEKDAYS_ONLY)).toEqual(at(MONDAY, 7));
  });

  describe('properties', () => {
    const day = fc.integer({ min: 0, max: 3 * 365 }).map((offset) => addDays('2026-01-01', offset));
    const instant = fc.tuple(day, fc.integer({ min: 0, max: 24 * 60 - 1 })).map(([date, minutes]) => atLocalTime(date, minutes));
    const calendar = fc.array(day, { maxLength: 60 }).map((days): SchoolCalendar => ({ nonSchoolDays: new Set(days) }));

    it('is due at the opening of a school day after the flag, and no school day opens in between', () => {
      fc.assert(
        fc.property(instant, calendar, (issuedAt, schoolCalendar) => {
          const { dueBy } = noticeTimes({ issuedAt, calendar: schoolCalendar, escalateAfterMinutes: 60 });
          expect(dueBy.getTime()).toBeGreaterThan(issuedAt.getTime());
          expect(isSchoolDay(localDateOf(dueBy), schoolCalendar)).toBe(true);
          for (let between = localDateOf(issuedAt); between < localDateOf(dueBy); between = addDays(between, 1)) {
            const opening = atLocalTime(between, 7 * 60);
            if (opening > issuedAt) expect(isSchoolDay(between, schoolCalendar)).toBe(false);
          }
        }),
      );
    });

    it('escalates no sooner than the delay after issue, and lasts exactly the school days asked for', () => {
      fc.assert(
        fc.property(instant, calendar, fc.integer({ min: 1, max: 480 }), fc.integer({ min: 1, max: 20 }), (issuedAt, schoolCalendar, minutes, schoolDays) => {
          const times = noticeTimes({ issuedAt, calendar: schoolCalendar, escalateAfterMinutes: minutes, schoolDays });
          expect(times.escalateAt.getTime()).toBeGreaterThanOrEqual(issuedAt.getTime() + minutes * 60_000);
          const first = localDateOf(nextStaffedMoment(issuedAt, schoolCalendar));
          let counted = 0;
          for (let current = first; current < localDateOf(times.expiresAt); current = addDays(current, 1)) if (isSchoolDay(current, schoolCalendar)) counted++;
          expect(counted).toBe(schoolDays);
          expect(times.expiresAt.getTime()).toBeGreaterThan(issuedAt.getTime());
        }),
      );
    });
  });
});
