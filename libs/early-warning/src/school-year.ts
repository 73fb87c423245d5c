import { SCHOOL_YEAR_FIRST_MONTH, schoolYearOfMonth } from '@lantern/contracts';

/** A day as YYYY-MM-DD. */
export type IsoDate = string;

/** The Ed-Fi school year a day falls in (schoolYearOfMonth). */
export function schoolYearOf(day: IsoDate): number {
  const [year, month] = day.split('-').map(Number);
  return schoolYearOfMonth(year, month);
}

/** The first day of an Ed-Fi school year. */
export function schoolYearStart(schoolYear: number): IsoDate {
  return `${schoolYear - 1}-${String(SCHOOL_YEAR_FIRST_MONTH).padStart(2, '0')}-01`;
}

const DAY_MS = 86_400_000;

/**
 * Weekdays (Monday to Friday) from `from` to `to`, both inclusive; 0 when `to` is before `from`.
 * The hub holds no complete calendar of every school, so enrolled days are school weekdays: a
 * holiday counts as enrolled, which errs towards a lower absence rate, never a false flag.
 */
export function weekdaysBetween(from: IsoDate, to: IsoDate): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (end < start) return 0;
  const days = Math.round((end - start) / DAY_MS) + 1;
  const fullWeeks = Math.floor(days / 7);
  let weekdays = fullWeeks * 5;
  const firstWeekday = new Date(start).getUTCDay();
  for (let offset = 0; offset < days % 7; offset++) {
    const weekday = (firstWeekday + offset) % 7;
    if (weekday !== 0 && weekday !== 6) weekdays++;
  }
  return weekdays;
}

/** The later of two days. */
export function laterOf(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** The earlier of two days. */
export function earlierOf(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/**
 * The `count` weekdays before `day`, latest first, none before its school year's first day (so
 * fewer near the start of a year): the days records "from the last few school days" fall on.
 */
export function weekdaysBefore(day: IsoDate, count: number): IsoDate[] {
  const yearStart = schoolYearStart(schoolYearOf(day));
  const days: IsoDate[] = [];
  for (let at = Date.parse(`${day}T00:00:00Z`) - DAY_MS; days.length < count; at -= DAY_MS) {
    const candidate = new Date(at).toISOString().slice(0, 10);
    if (candidate < yearStart) break;
    if (![0, 6].includes(new Date(at).getUTCDay())) days.push(candidate);
  }
  return days;
}
