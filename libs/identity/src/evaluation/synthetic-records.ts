import { type DateKey, dateKey, dayOf, formatDateKey, isCalendarDate, monthOf, yearOf } from '../normalisation/dates';
import { nicknamesOf } from '../normalisation/nicknames';
import { normaliseName } from '../normalisation/names';
import type { PersonRecord } from '../records/person-record';
import { capitalise, type SyntheticPerson } from './population';
import { Random } from '../model/seeded-random';

export const SOURCES = ['k12', 'postsecondary', 'workforce', 'health', 'child_welfare', 'juvenile_justice'] as const;
export type SourceName = (typeof SOURCES)[number];

/** Per-record error rates and habits of one source system. */
export interface SourceNoise {
  readonly givenNameTypo: number;
  readonly surnameTypo: number;
  readonly nickname: number;
  readonly nameSwap: number;
  readonly dayMonthSwap: number;
  readonly birthDateTypo: number;
  readonly middleNameMissing: number;
  readonly middleInitialOnly: number;
  readonly sexMissing: number;
  readonly addressMissing: number;
  readonly postcodeMissing: number;
  /** Share of people whose SSN this source records, when they have one. */
  readonly ssnRecorded: number;
  readonly ssnTypo: number;
  /** Chance that a further record from this source carries a new local id (another district). */
  readonly localIdChange: number;
  /** Chance of writing only one part of a compound surname. */
  readonly compoundPartOnly: number;
  readonly upperCase: number;
  readonly accentsDropped: number;
  readonly suffixWritten: number;
  /** Chance that a record made after a surname change or move still shows the old one. */
  readonly staleSurname: number;
  readonly staleAddress: number;
  readonly dateFormat: 'iso' | 'us' | 'compact';
}

export type NoiseProfile = Readonly<Record<SourceName, SourceNoise>>;

const BASE: SourceNoise = {
  givenNameTypo: 0.015,
  surnameTypo: 0.015,
  nickname: 0.03,
  nameSwap: 0.003,
  dayMonthSwap: 0.005,
  birthDateTypo: 0.005,
  middleNameMissing: 0.3,
  middleInitialOnly: 0.15,
  sexMissing: 0.01,
  addressMissing: 0.05,
  postcodeMissing: 0.02,
  ssnRecorded: 0.05,
  ssnTypo: 0.003,
  localIdChange: 0.05,
  compoundPartOnly: 0.3,
  upperCase: 0.3,
  accentsDropped: 0.6,
  suffixWritten: 0.5,
  staleSurname: 0.2,
  staleAddress: 0.2,
  dateFormat: 'iso',
};

/** The default noise profile: the figures in docs/identity-model.md are measured on it. */
export const DEFAULT_NOISE: NoiseProfile = {
  k12: { ...BASE, localIdChange: 0.4 },
  postsecondary: { ...BASE, givenNameTypo: 0.01, surnameTypo: 0.01, nickname: 0.08, middleNameMissing: 0.4, addressMissing: 0.1, ssnRecorded: 0.85, sexMissing: 0.05 },
  workforce: {
    ...BASE,
    givenNameTypo: 0.02,
    surnameTypo: 0.02,
    nickname: 0.1,
    nameSwap: 0.01,
    dayMonthSwap: 0.01,
    birthDateTypo: 0.01,
    middleNameMissing: 0.6,
    addressMissing: 0.1,
    ssnRecorded: 0.95,
    dateFormat: 'us',
  },
  health: {
    ...BASE,
    givenNameTypo: 0.025,
    surnameTypo: 0.025,
    nickname: 0.06,
    nameSwap: 0.01,
    dayMonthSwap: 0.02,
    birthDateTypo: 0.01,
    middleNameMissing: 0.5,
    addressMissing: 0.15,
    ssnRecorded: 0.5,
    dateFormat: 'compact',
  },
  child_welfare: {
    ...BASE,
    givenNameTypo: 0.04,
    surnameTypo: 0.04,
    nickname: 0.12,
    nameSwap: 0.02,
    dayMonthSwap: 0.03,
    birthDateTypo: 0.02,
    middleNameMissing: 0.6,
    addressMissing: 0.3,
    postcodeMissing: 0.1,
    ssnRecorded: 0.2,
    dateFormat: 'us',
  },
  juvenile_justice: {
    ...BASE,
    givenNameTypo: 0.03,
    surnameTypo: 0.03,
    nickname: 0.2,
    nameSwap: 0.02,
    dayMonthSwap: 0.02,
    birthDateTypo: 0.015,
    middleNameMissing: 0.5,
    addressMissing: 0.2,
    ssnRecorded: 0.3,
    upperCase: 0.9,
  },
};

/** Which records a person has: one entry per record, in the order the person met the sources. */
export interface PlannedRecord {
  readonly source: SourceName;
  /** Made after the person's surname change or move, if any. */
  readonly later: boolean;
  /** Increments when the source gave the person a new local id. */
  readonly localIdVersion: number;
}

/**
 * Every person has a K-12 record (a second and third with some chance: re-enrolment, possibly in
 * another district), adults often postsecondary and workforce records, and some people health,
 * child-welfare or juvenile-justice records. About 2.2 records per person.
 */
export function planRecords(person: SyntheticPerson, seed: number, referenceYear = 2026, noise: NoiseProfile = DEFAULT_NOISE): PlannedRecord[] {
  const random = new Random(seed, person.id, 0x91a);
  const age = referenceYear - yearOf(person.birthDate);
  const plan: PlannedRecord[] = [];
  const add = (source: SourceName, count: number, later: () => boolean): void => {
    let version = 0;
    for (let index = 0; index < count; index++) {
      if (index > 0 && random.chance(noise[source].localIdChange)) version++;
      plan.push({ source, later: later(), localIdVersion: version });
    }
  };
  add('k12', 1 + Number(random.chance(0.5)) + Number(random.chance(0.2)), () => plan.length > 0 && random.chance(0.5));
  if (age >= 18 && random.chance(0.55)) add('postsecondary', 1 + Number(random.chance(0.3)), () => true);
  if (age >= 16 && random.chance(0.35)) add('workforce', 1, () => true);
  if (random.chance(0.15)) add('health', 1, () => random.chance(0.3));
  if (random.chance(0.04)) add('child_welfare', 1 + Number(random.chance(0.5)), () => random.chance(0.3));
  if (age >= 12 && random.chance(0.02)) add('juvenile_justice', 1, () => random.chance(0.5));
  return plan;
}

export interface SyntheticRecord {
  readonly record: PersonRecord;
  readonly source: SourceName;
}

/** Renders one planned record of a person through its source's habits and errors. */
export function renderRecord(person: SyntheticPerson, plan: PlannedRecord, ordinal: number, seed: number, noise: NoiseProfile = DEFAULT_NOISE): SyntheticRecord {
  const random = new Random(seed, person.id, ordinal, 0x5ec);
  const habits = noise[plan.source];
  const recentSurname = plan.later && person.laterSurname !== undefined && !random.chance(habits.staleSurname);
  const recentAddress = plan.later && person.laterAddress !== undefined && !random.chance(habits.staleAddress);

  let givenName = person.givenName;
  if (random.chance(habits.nickname)) givenName = nicknameOf(givenName, random);
  if (random.chance(habits.givenNameTypo)) givenName = withTypo(givenName, random);
  let surname = recentSurname ? (person.laterSurname as string) : person.surname;
  if (/[- ]/.test(surname) && random.chance(habits.compoundPartOnly)) surname = random.pick(surname.split(/[- ]/));
  if (random.chance(habits.surnameTypo)) surname = withTypo(surname, random);
  if (person.suffix !== undefined && random.chance(habits.suffixWritten)) surname = `${surname} ${person.suffix}`;
  if (random.chance(habits.nameSwap)) [givenName, surname] = [surname, givenName];

  let middleName = person.middleName;
  if (middleName !== undefined && random.chance(habits.middleNameMissing)) middleName = undefined;
  else if (middleName !== undefined && random.chance(habits.middleInitialOnly)) middleName = middleName.charAt(0);

  let birthDate = person.birthDate;
  if (random.chance(habits.dayMonthSwap)) birthDate = dayMonthSwapped(birthDate);
  if (random.chance(habits.birthDateTypo)) birthDate = withDigitTypo(birthDate, random);

  const address = recentAddress ? (person.laterAddress as string) : person.address;
  const postcode = recentAddress ? (person.laterPostcode as string) : person.postcode;
  let ssn = person.ssn !== undefined && random.chance(habits.ssnRecorded) ? person.ssn : undefined;
  if (ssn !== undefined && random.chance(habits.ssnTypo)) ssn = withDigitChanged(ssn, random);

  const style = (text: string): string => {
    const folded = random.chance(habits.accentsDropped) ? text.normalize('NFD').replace(/\p{M}/gu, '') : text;
    return random.chance(habits.upperCase) ? folded.toUpperCase() : folded;
  };
  const record: PersonRecord = {
    record_id: `${plan.source}-${scramble(person.id * 16 + ordinal).toString(36)}`,
    first_name: style(givenName),
    last_name: style(surname),
    birth_date: formatBirthDate(birthDate, habits.dateFormat),
    ...(middleName !== undefined ? { middle_name: style(middleName) } : {}),
    ...(!random.chance(habits.sexMissing) ? { sex: person.sex } : {}),
    ...(!random.chance(habits.addressMissing) ? { address: style(random.chance(0.3) ? abbreviateStreet(address) : address) } : {}),
    ...(!random.chance(habits.postcodeMissing) ? { postcode: postcode } : {}),
    local_id: `${plan.source.slice(0, 2).toUpperCase()}${scramble(person.id * 64 + plan.localIdVersion * 8 + SOURCES.indexOf(plan.source)).toString(36)}`,
    ...(ssn !== undefined ? { ssn: random.chance(0.5) ? `${ssn.slice(0, 3)}-${ssn.slice(3, 5)}-${ssn.slice(5)}` : ssn } : {}),
  };
  return { record, source: plan.source };
}

function nicknameOf(givenName: string, random: Random): string {
  const nicknames = nicknamesOf(normaliseName(givenName).text);
  return nicknames.length === 0 ? givenName : capitalise(random.pick(nicknames));
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One keying error: a letter substituted, dropped, doubled or exchanged with its neighbour. */
export function withTypo(name: string, random: Random): string {
  if (name.length < 3) return name;
  // The first letter is rarely mistyped.
  const at = random.chance(0.9) ? random.integer(1, name.length - 1) : 0;
  const letter = random.pick(LETTERS.split(''));
  switch (random.integer(0, 3)) {
    case 0:
      return name.slice(0, at) + (at === 0 ? letter.toUpperCase() : letter) + name.slice(at + 1);
    case 1:
      return at === 0 ? name : name.slice(0, at) + name.slice(at + 1);
    case 2:
      return name.slice(0, at + 1) + name.charAt(at) + name.slice(at + 1);
    default:
      return at >= name.length - 1 || at === 0 ? name : name.slice(0, at) + name.charAt(at + 1) + name.charAt(at) + name.slice(at + 2);
  }
}

function dayMonthSwapped(date: DateKey): DateKey {
  return dateKey(yearOf(date), dayOf(date), monthOf(date)) ?? date;
}

// A wrong digit in the day, month or last two digits of the year that still gives a real date
// in the past (entry forms reject the rest).
function withDigitTypo(date: DateKey, random: Random): DateKey {
  for (let attempt = 0; attempt < 20; attempt++) {
    const digits = String(date).split('');
    const position = random.pick([2, 3, 4, 5, 6, 7]);
    digits[position] = String(random.integer(0, 9));
    const changed = Number(digits.join(''));
    const plausible = yearOf(changed) <= yearOf(date) + 5 && yearOf(changed) >= yearOf(date) - 30;
    if (changed !== date && plausible && isCalendarDate(yearOf(changed), monthOf(changed), dayOf(changed))) return changed;
  }
  return date;
}

function withDigitChanged(digits: string, random: Random): string {
  const position = random.integer(0, digits.length - 1);
  const digit = (Number(digits[position]) + random.integer(1, 9)) % 10;
  return digits.slice(0, position) + digit + digits.slice(position + 1);
}

function formatBirthDate(date: DateKey, format: SourceNoise['dateFormat']): string {
  const iso = formatDateKey(date);
  if (format === 'compact') return iso.replace(/-/g, '');
  if (format === 'us') return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
  return iso;
}

function abbreviateStreet(address: string): string {
  return address
    .replace(/\bStreet\b/, 'St')
    .replace(/\bAvenue\b/, 'Ave.')
    .replace(/\bRoad\b/, 'Rd')
    .replace(/\bDrive\b/, 'Dr')
    .replace(/\bApt\b/, '#');
}

// A bijection on 32-bit integers, so record ids do not read as person numbers.
function scramble(value: number): number {
  let hash = Math.imul(value ^ 0x5bd1e995, 0x2c1b3c6d);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x297a2d39);
  hash ^= hash >>> 15;
  return hash >>> 0;
}
