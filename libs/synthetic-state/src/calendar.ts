const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC) of a calendar date. */
export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function isoDateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The n-th (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = dayOf(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + 7 * (n - 1);
}

/** One school year's calendar (the year named by its spring: 2025 = 2024–25), shared by the state's schools. */
export interface SchoolCalendar {
  schoolYear: number;
  /** Instructional days, ascending. */
  instructionalDays: number[];
  /** Weekdays between the first and last instructional day on which school is closed. */
  holidays: number[];
}

const INSTRUCTIONAL_DAYS = 180;

/**
 * 180 instructional days from the first weekday on or after 19 August, closed on Labor Day,
 * Thanksgiving Wednesday to Friday, 22 December to 2 January, Martin Luther King and Presidents'
 * days, and the spring break week of the second Monday of March.
 */
export function schoolCalendar(schoolYear: number): SchoolCalendar {
  const fall = schoolYear - 1;
  const thanksgiving = nthWeekday(fall, 11, 4, 4);
  const springBreak = nthWeekday(schoolYear, 3, 1, 2);
  const closed = new Set<number>([nthWeekday(fall, 9, 1, 1), thanksgiving - 1, thanksgiving, thanksgiving + 1, nthWeekday(schoolYear, 1, 1, 3), nthWeekday(schoolYear, 2, 1, 3)]);
  for (let day = dayOf(fall, 12, 22); day <= dayOf(schoolYear, 1, 2); day++) closed.add(day);
  for (let day = springBreak; day < springBreak + 5; day++) closed.add(day);
  const instructionalDays: number[] = [];
  const holidays: number[] = [];
  for (let day = dayOf(fall, 8, 19); instructionalDays.length < INSTRUCTIONAL_DAYS; day++) {
    const weekday = weekdayOf(day);
    if (weekday === 0 || weekday === 6) continue;
    if (closed.has(day)) {
      if (instructionalDays.length > 0) holidays.push(day);
    } else instructionalDays.push(day);
  }
  return { schoolYear, instructionalDays, holidays };
}

/** Ed-Fi sessions: the fall semester to 31 December, the spring semester after. */
export function sessionNameOf(schoolYear: number, day: number): string {
  return `${schoolYear - 1}-${schoolYear} ${day <= dayOf(schoolYear - 1, 12, 31) ? 'Fall' : 'Spring'} Semester`;
}
