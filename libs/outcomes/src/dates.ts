/**
 * Dates travel as day numbers (days since 1970-01-01, UTC) so that millions of them fit in an
 * Int32Array; a school year is named by the calendar year it ends in (2025 = 2024–25, as Ed-Fi's schoolYear).
 */
const MS_PER_DAY = 86_400_000;

export function dayNumber(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`not a date: ${isoDate}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
}

export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The day number of a month and day ('MM-DD') in a calendar year. */
export function dayOfYear(year: number, monthDay: string): number {
  return dayNumber(`${year}-${monthDay}`);
}

/** The same day `months` calendar months later (clamped to the month's last day). */
export function addMonths(day: number, months: number): number {
  const date = new Date(day * MS_PER_DAY);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(date.getUTCDate(), lastDay)) / MS_PER_DAY;
}

/** Quarters are numbered year × 4 + (quarter − 1), as wage records name them (2025 Q1 = 8100). */
export function quarterIndex(year: number, quarter: 1 | 2 | 3 | 4): number {
  return year * 4 + quarter - 1;
}

export function quarterOfDay(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return date.getUTCFullYear() * 4 + Math.floor(date.getUTCMonth() / 3);
}
