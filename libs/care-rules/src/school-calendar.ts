/**
 * School-day arithmetic for Handle with Care notices, in the hub's local time zone (TZ), as
 * every other "today" in the hub. Days are ISO dates, YYYY-MM-DD.
 */
export type LocalDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface SchoolCalendar {
  /** Weekdays without school (holidays, breaks), as the district's calendar lists them; weekends never have school. */
  readonly nonSchoolDays: ReadonlySet<LocalDate>;
}

/** Weekends only: what a school without a published calendar gets. */
export const WEEKDAYS_ONLY: SchoolCalendar = { nonSchoolDays: new Set() };

/** When staff are at school to read a notice, in minutes after local midnight. */
export interface SchoolHours {
  readonly opensAt: number;
  readonly closesAt: number;
}

export const DEFAULT_SCHOOL_HOURS: SchoolHours = { opensAt: 7 * 60, closesAt: 16 * 60 };

/** How long a notice stays in the inbox when the agency names no expiry. */
export const DEFAULT_NOTICE_SCHOOL_DAYS = 10;

export function isLocalDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
}

export function localDateOf(instant: Date): LocalDate {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** The instant `minutes` after local midnight of `day` (DST-safe: built from local fields). */
export function atLocalTime(day: LocalDate, minutes: number): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date, Math.floor(minutes / 60), minutes % 60);
}

export function addDays(day: LocalDate, days: number): LocalDate {
  const [year, month, date] = day.split('-').map(Number);
  return localDateOf(new Date(year, month - 1, date + days));
}

export function isSchoolDay(day: LocalDate, calendar: SchoolCalendar): boolean {
  const weekday = atLocalTime(day, 0).getDay();
  return weekday !== 0 && weekday !== 6 && !calendar.nonSchoolDays.has(day);
}

/** The first school day on or after `day`. */
export function firstSchoolDayFrom(day: LocalDate, calendar: SchoolCalendar): LocalDate {
  let candidate = day;
  // A calendar could list every weekday of a year; a year of searching is the bound.
  for (let step = 0; step < 366; step++, candidate = addDays(candidate, 1)) {
    if (isSchoolDay(candidate, calendar)) return candidate;
  }
  throw new Error(`no school day in the year from ${day}`);
}

/** The first moment at or after `at` when the school is staffed: within school hours on a school day. */
export function nextStaffedMoment(at: Date, calendar: SchoolCalendar, hours: SchoolHours = DEFAULT_SCHOOL_HOURS): Date {
  const today = localDateOf(at);
  if (isSchoolDay(today, calendar) && at < atLocalTime(today, hours.closesAt)) {
    const opens = atLocalTime(today, hours.opensAt);
    return at > opens ? at : opens;
  }
  return atLocalTime(firstSchoolDayFrom(addDays(today, 1), calendar), hours.opensAt);
}

export interface NoticeTimingRequest {
  issuedAt: Date;
  calendar: SchoolCalendar;
  hours?: SchoolHours;
  /** Unacknowledged this long after the school is next staffed, a notice goes to the district contact. */
  escalateAfterMinutes: number;
  /** The agency's last day for the notice; when absent the notice lasts `schoolDays` school days. */
  expiresOn?: LocalDate;
  schoolDays?: number;
}

export interface NoticeTimes {
  /** The start of the next school day: the notice must be in the inbox before it (it is, at once). */
  dueBy: Date;
  escalateAt: Date;
  /** The notice leaves the inbox at this instant (local midnight after its last day). */
  expiresAt: Date;
}

/**
 * When a notice issued at `issuedAt` is due, escalates and expires. Weekends and the
 * calendar's holidays are skipped: a Saturday flag is due, and counts its first school day,
 * on Monday (or the next school day after a holiday), and escalates only once staff could
 * have seen it.
 */
export function noticeTimes(request: NoticeTimingRequest): NoticeTimes {
  const hours = request.hours ?? DEFAULT_SCHOOL_HOURS;
  const { issuedAt, calendar } = request;
  const today = localDateOf(issuedAt);
  const beforeOpening = isSchoolDay(today, calendar) && issuedAt < atLocalTime(today, hours.opensAt);
  const dueBy = atLocalTime(beforeOpening ? today : firstSchoolDayFrom(addDays(today, 1), calendar), hours.opensAt);
  const staffed = nextStaffedMoment(issuedAt, calendar, hours);
  const escalateAt = new Date(staffed.getTime() + request.escalateAfterMinutes * 60_000);
  const lastDay = request.expiresOn ?? nthSchoolDay(localDateOf(staffed), request.schoolDays ?? DEFAULT_NOTICE_SCHOOL_DAYS, calendar);
  return { dueBy, escalateAt, expiresAt: atLocalTime(addDays(lastDay, 1), 0) };
}

/** The `count`-th school day counting `first` (a school day) as the first. */
function nthSchoolDay(first: LocalDate, count: number, calendar: SchoolCalendar): LocalDate {
  let day = first;
  for (let counted = 1; counted < count; counted++) day = firstSchoolDayFrom(addDays(day, 1), calendar);
  return day;
}
