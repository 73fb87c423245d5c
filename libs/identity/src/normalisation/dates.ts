import { memoised } from './memo';

/**
 * Birth dates are held as the integer yyyymmdd (20100307), 0 when missing: compact in typed
 * arrays, and the digits are what a typing error changes.
 */
export type DateKey = number;

export const MISSING_DATE: DateKey = 0;

const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:T.*)?$/;
// A trailing ".0" is how a spreadsheet or data frame writes a compact date it took for a number.
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})(?:\.0+)?$/;
// Slashed dates are read month first: the inbound contracts and US agency systems use it.
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Parses yyyy-mm-dd, yyyy/mm/dd, yyyymmdd or mm/dd/yyyy; undefined when absent or not a real calendar date. */
export function parseBirthDate(raw: string | undefined | null): DateKey | undefined {
  if (!raw) return undefined;
  return plainDate(raw) ?? rememberedDate(raw);
}

const DASH = 0x2d;
const SLASH = 0x2f;

/**
 * yyyy-mm-dd (or yyyy/mm/dd) and yyyymmdd, the forms nearly every file uses, read digit by
 * digit: every record's date is read several times, and this costs less than the memo's
 * lookup. undefined for any other text, which the general reading then takes.
 */
function plainDate(raw: string): DateKey | undefined {
  if (raw.length === 10) {
    const first = raw.charCodeAt(4);
    const second = raw.charCodeAt(7);
    if ((first !== DASH && first !== SLASH) || (second !== DASH && second !== SLASH)) return undefined;
    return dateKey(digitsAt(raw, 0, 4), digitsAt(raw, 5, 2), digitsAt(raw, 8, 2));
  }
  return raw.length === 8 ? dateKey(digitsAt(raw, 0, 4), digitsAt(raw, 4, 2), digitsAt(raw, 6, 2)) : undefined;
}

/** The number the `count` characters from `start` write, NaN unless they are all digits. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

const rememberedDate = memoised(readBirthDate, 1 << 14);

function readBirthDate(raw: string): DateKey | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const iso = ISO_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (iso) return dateKey(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const us = US_DATE.exec(text);
  if (us) return dateKey(Number(us[3]), Number(us[1]), Number(us[2]));
  return undefined;
}

export function dateKey(year: number, month: number, day: number): DateKey | undefined {
  if (!isCalendarDate(year, month, day)) return undefined;
  return year * 10_000 + month * 100 + day;
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1800 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The proleptic Gregorian calendar, as Date counts it.
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

export const yearOf = (date: DateKey): number => Math.floor(date / 10_000);
export const monthOf = (date: DateKey): number => Math.floor(date / 100) % 100;
export const dayOf = (date: DateKey): number => date % 100;

export function formatDateKey(date: DateKey): string {
  const text = String(date);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}

/** True when b is a with day and month exchanged (07/03 read as 03/07), and they differ. */
export function isDayMonthSwap(a: DateKey, b: DateKey): boolean {
  return a !== b && yearOf(a) === yearOf(b) && monthOf(a) === dayOf(b) && dayOf(a) === monthOf(b);
}

/**
 * The date with month and day in ascending order, so a date and its day/month swap share
 * one blocking key (20100307 and 20100703 both give 20100307).
 */
export function orderedMonthDay(date: DateKey): number {
  const month = monthOf(date);
  const day = dayOf(date);
  return yearOf(date) * 10_000 + Math.min(month, day) * 100 + Math.max(month, day);
}

/** True when the eight digits differ in one place, or by one exchange of neighbouring digits. */
export function isOneDigitApart(a: DateKey, b: DateKey): boolean {
  return isOneDigitTypo(a, b, 8);
}

/**
 * True when two numbers written with `digits` digits (leading zeros) differ in one place, or by
 * one exchange of neighbouring digits: one keying error.
 */
export function isOneDigitTypo(a: number, b: number, digits: number): boolean {
  if (a === b) return false;
  let differences = 0;
  let firstDifference = -1;
  let x = a;
  let y = b;
  for (let position = 0; position < digits; position++) {
    if (x % 10 !== y % 10) {
      if (++differences > 2) return false;
      if (firstDifference < 0) firstDifference = position;
    }
    x = Math.floor(x / 10);
    y = Math.floor(y / 10);
  }
  if (differences === 1) return true;
  if (differences !== 2) return false;
  // Two differences are one typing error only when they are neighbours exchanged.
  const digit = (value: number, at: number): number => Math.floor(value / 10 ** at) % 10;
  return digit(a, firstDifference) === digit(b, firstDifference + 1) && digit(a, firstDifference + 1) === digit(b, firstDifference);
}

/** Whole days between two dates (absolute). */
export function daysApart(a: DateKey, b: DateKey): number {
  return Math.abs(epochDay(a) - epochDay(b));
}

// Days since 1970-01-01 in integer arithmetic (the proleptic Gregorian calendar, as Date.UTC
// counts): comparisons ask this for millions of pairs, and a Date per call costs more than the rest.
function epochDay(date: DateKey): number {
  const month = monthOf(date);
  const year = yearOf(date) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + dayOf(date) - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
