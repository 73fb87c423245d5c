import { type DateKey, dayOf, formatDateKey, monthOf, yearOf } from '../normalisation/dates';
import type { PersonRecord } from '../records/person-record';
import { Random } from '../model/seeded-random';
import type { SyntheticPerson } from './population';

/**
 * The harsh evaluation population: records of the same people as the default one, written by
 * careless hands, independently of the default sources' habits (synthetic-records.ts). Each
 * person has one to five records. The first is the person as they are, with at most one field
 * left blank; every further record has one to three fields corrupted (7 % of all records have no
 * birth date, and corrupted dates are often no date at all), each in one of the ways
 * people, keyboards, scanners and forms corrupt them. Nothing here is tuned to the engine: the
 * rates come from the issue's description of data "nobody here generated".
 */
export interface HarshOptions {
  /** Every record carries an identification code (7 digits), sometimes mistyped or blank. */
  readonly identificationCodes: boolean;
}

export const HARSH_FIELDS = ['first_name', 'last_name', 'birth_date', 'sex', 'address', 'postcode', 'ssn'] as const;
export type HarshField = (typeof HARSH_FIELDS)[number];

export interface HarshRecord {
  readonly record: PersonRecord;
  readonly source: string;
  /** Fields this record has that differ from the person's clean record. */
  readonly corrupted: readonly HarshField[];
}

const RECORDS_PER_PERSON = [0.35, 0.3, 0.15, 0.1, 0.1];
const CORRUPTED_FIELDS = [0.4, 0.35, 0.25];
/** Chance that a record has no birth date (plus the dates corrupted into no date at all). */
const BIRTH_DATE_BLANK = 0.07;
/** Chance that the first record has another field blank. */
const FIRST_RECORD_BLANK = 0.05;
/** Share of other corruptions that blank the field. */
const BLANK_SHARE = 0.15;
const SOURCES = ['file_a', 'file_b', 'file_c'];

/** How many records the person has (1–5). */
export function harshRecordCount(person: SyntheticPerson, seed: number): number {
  const random = new Random(seed, person.id, 0x4a5);
  return 1 + pickIndex(random, RECORDS_PER_PERSON);
}

/** The person's clean record: what every corruption starts from. */
export function cleanHarshRecord(person: SyntheticPerson, ordinal: number, options: HarshOptions): PersonRecord {
  return {
    record_id: `h-${(person.id * 8 + ordinal).toString(36)}`,
    first_name: person.givenName,
    last_name: person.surname,
    birth_date: formatDateKey(person.birthDate),
    sex: person.sex,
    address: person.address,
    postcode: person.postcode,
    ...(options.identificationCodes ? { ssn: String(identificationCode(person.id)) } : {}),
  };
}

/** Record `ordinal` (0 = the first) of a person. */
export function renderHarshRecord(person: SyntheticPerson, ordinal: number, seed: number, options: HarshOptions): HarshRecord {
  const random = new Random(seed, person.id, ordinal, 0x4a6);
  const clean = cleanHarshRecord(person, ordinal, options);
  const fields: Partial<Record<HarshField, string>> = { ...clean };
  const present = HARSH_FIELDS.filter((field) => fields[field] !== undefined);
  const corrupted = new Set<HarshField>();
  const source = random.pick(SOURCES);
  const dateBlank = random.chance(BIRTH_DATE_BLANK);
  if (dateBlank) blank(fields, 'birth_date', corrupted);
  if (ordinal === 0) {
    if (!dateBlank && random.chance(FIRST_RECORD_BLANK)) blank(fields, random.pick(present), corrupted);
  } else {
    const budget = 1 + pickIndex(random, CORRUPTED_FIELDS);
    for (let attempt = 0; corrupted.size < budget && attempt < 20; attempt++) corrupt(fields, person, random, budget - corrupted.size, corrupted, present);
  }
  const record: PersonRecord = { record_id: clean.record_id };
  for (const field of HARSH_FIELDS) {
    const value = fields[field];
    if (value !== undefined && value !== '') Object.assign(record, { [field]: field === 'birth_date' ? dateFormat(value, random) : value });
  }
  return { record, source, corrupted: [...corrupted] };
}

/** A 7-digit code per person, distinct for up to 9 million people (7,919 is prime to 9,000,000). */
export function identificationCode(personId: number): number {
  return 1_000_000 + ((personId * 7_919 + 1_000_003) % 9_000_000);
}

type Fields = Partial<Record<HarshField, string>>;

// One corruption within the remaining budget of fields; some touch two fields at once.
function corrupt(fields: Fields, person: SyntheticPerson, random: Random, budget: number, corrupted: Set<HarshField>, present: readonly HarshField[]): void {
  const draw = random.next();
  const fresh = (field: HarshField): boolean => fields[field] !== undefined && fields[field] !== '' && !corrupted.has(field);
  if (draw < 0.05 && budget >= 2 && fresh('first_name') && fresh('last_name')) {
    [fields.first_name, fields.last_name] = [fields.last_name, fields.first_name];
    corrupted.add('first_name').add('last_name');
  } else if (draw < 0.1 && budget >= 2 && fresh('address') && fresh('postcode')) {
    fields.address = `${random.integer(1, 9_999)} ${random.pick(STREET_WORDS)} ${random.pick(['St', 'Rd', 'Ave', 'Street', 'Lane', 'Cres'])}`;
    fields.postcode = String(Number(fields.postcode) + random.integer(1, 400) * 7);
    corrupted.add('address').add('postcode');
  } else if (draw < 0.14 && fresh('last_name')) {
    fields.last_name = person.laterSurname ?? random.pick(REPLACEMENT_SURNAMES);
    corrupted.add('last_name');
  } else {
    const field = random.pick(present.filter(fresh));
    if (field === undefined) return;
    if (random.chance(BLANK_SHARE)) blank(fields, field, corrupted);
    else {
      const changed = corruptValue(field, fields[field] as string, random);
      if (changed === fields[field]) return;
      fields[field] = changed;
      corrupted.add(field);
    }
  }
}

function blank(fields: Fields, field: HarshField, corrupted: Set<HarshField>): void {
  fields[field] = '';
  corrupted.add(field);
}

function corruptValue(field: HarshField, value: string, random: Random): string {
  switch (field) {
    case 'first_name':
    case 'last_name':
    case 'address':
      return misspell(value, random);
    case 'birth_date':
      return corruptDate(value, random);
    case 'sex':
      return value === 'F' ? 'M' : 'F';
    case 'postcode':
    case 'ssn':
      return random.chance(0.5) ? transposeDigits(value, random) : replaceDigit(value, random);
  }
}

/** One misspelling: a keyboard slip, an OCR confusion, a phonetic spelling, or a plain edit. */
export function misspell(text: string, random: Random): string {
  const kind = random.integer(0, 3);
  const changed = kind === 0 ? keyboardSlip(text, random) : kind === 1 ? ocrConfusion(text, random) : kind === 2 ? phoneticSpelling(text, random) : plainEdit(text, random);
  return changed === text ? plainEdit(text, random) : changed;
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEIGHBOURS = new Map<string, string>();
KEYBOARD_ROWS.forEach((row, r) => {
  [...row].forEach((key, c) => {
    const around = [row[c - 1], row[c + 1], KEYBOARD_ROWS[r - 1]?.[c], KEYBOARD_ROWS[r - 1]?.[c + 1], KEYBOARD_ROWS[r + 1]?.[c], KEYBOARD_ROWS[r + 1]?.[c - 1]];
    NEIGHBOURS.set(key, around.filter((letter): letter is string => letter !== undefined).join(''));
  });
});

function keyboardSlip(text: string, random: Random): string {
  const at = random.integer(0, text.length - 1);
  const letter = text[at].toLowerCase();
  const neighbours = NEIGHBOURS.get(letter);
  if (neighbours === undefined) return text;
  const slip = random.pick([...neighbours]);
  return text.slice(0, at) + (text[at] === letter ? slip : slip.toUpperCase()) + text.slice(at + 1);
}

const OCR_CONFUSIONS: readonly (readonly [string, string])[] = [
  ['o', '0'],
  ['l', '1'],
  ['i', '1'],
  ['s', '5'],
  ['b', '6'],
  ['g', '9'],
  ['z', '2'],
  ['m', 'rn'],
  ['w', 'vv'],
  ['d', 'cl'],
  ['h', 'li'],
  ['u', 'ii'],
  ['e', 'c'],
  ['n', 'ri'],
];

function ocrConfusion(text: string, random: Random): string {
  return replaceOne(text, OCR_CONFUSIONS, random);
}

const PHONETIC_SPELLINGS: readonly (readonly [string, string])[] = [
  ['ph', 'f'],
  ['c', 'k'],
  ['ck', 'k'],
  ['ie', 'y'],
  ['ey', 'y'],
  ['ou', 'ow'],
  ['th', 't'],
  ['ee', 'ea'],
  ['s', 'z'],
  ['x', 'ks'],
  ['qu', 'kw'],
  ['gh', 'g'],
  ['ll', 'l'],
  ['tt', 't'],
  ['nn', 'n'],
  ['mm', 'm'],
  ['ss', 's'],
  ['rr', 'r'],
  ['a', 'ah'],
];

function phoneticSpelling(text: string, random: Random): string {
  const changed = replaceOne(text, PHONETIC_SPELLINGS, random);
  if (changed !== text) return changed;
  // A letter doubled, as a name is often written the way it sounds.
  const at = random.integer(1, Math.max(1, text.length - 1));
  return /[a-z]/i.test(text[at] ?? '') ? text.slice(0, at) + text[at] + text.slice(at) : text;
}

// Either direction of one of the pairs, at one place where it occurs (case kept for the first letter).
function replaceOne(text: string, pairs: readonly (readonly [string, string])[], random: Random): string {
  const lower = text.toLowerCase();
  const options: { at: number; from: string; to: string }[] = [];
  for (const [a, b] of pairs) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ]) {
      for (let at = lower.indexOf(from); at >= 0; at = lower.indexOf(from, at + 1)) options.push({ at, from, to });
    }
  }
  if (options.length === 0) return text;
  const { at, from, to } = random.pick(options);
  const replaced = at === 0 && text[0] !== lower[0] ? to.charAt(0).toUpperCase() + to.slice(1) : to;
  return text.slice(0, at) + replaced + text.slice(at + from.length);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** An insertion, deletion, substitution or transposition of neighbours, anywhere. */
function plainEdit(text: string, random: Random): string {
  if (text.length < 2) return text + random.pick([...LETTERS]);
  const at = random.integer(0, text.length - 1);
  const letter = random.pick([...LETTERS]);
  switch (random.integer(0, 3)) {
    case 0:
      return text.slice(0, at) + letter + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + letter + text.slice(at + 1);
    default:
      return at >= text.length - 1 ? text.slice(0, at - 1) + text[at] + text[at - 1] : text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
  }
}

// A day/month swap, a year off by one, one digit wrong, or two digits exchanged; the result
// may be no date at all (the engine then counts it as missing).
function corruptDate(iso: string, random: Random): string {
  const date = Number(iso.replace(/-/g, '')) as DateKey;
  const digits = String(date);
  switch (random.integer(0, 3)) {
    case 0:
      return asIso(`${yearOf(date)}${String(dayOf(date)).padStart(2, '0')}${String(monthOf(date)).padStart(2, '0')}`);
    case 1:
      return formatDateKey(date + (random.chance(0.5) ? 10_000 : -10_000));
    case 2:
      return asIso(replaceDigit(digits, random, 2));
    default:
      return asIso(transposeDigits(digits, random, 2));
  }
}

const asIso = (digits: string): string => `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;

function replaceDigit(digits: string, random: Random, from = 0): string {
  const at = random.integer(from, digits.length - 1);
  return digits.slice(0, at) + String((Number(digits[at]) + random.integer(1, 9)) % 10) + digits.slice(at + 1);
}

function transposeDigits(digits: string, random: Random, from = 0): string {
  for (let attempt = 0; attempt < 10; attempt++) {
    const at = random.integer(from, digits.length - 2);
    if (digits[at] !== digits[at + 1]) return digits.slice(0, at) + digits[at + 1] + digits[at] + digits.slice(at + 2);
  }
  return replaceDigit(digits, random, from);
}

// Dates as different systems write them.
function dateFormat(iso: string, random: Random): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const draw = random.next();
  if (draw < 0.5) return iso;
  if (draw < 0.8) return iso.replace(/-/g, '');
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}

function pickIndex(random: Random, shares: readonly number[]): number {
  let draw = random.next();
  for (let index = 0; index < shares.length; index++) {
    draw -= shares[index];
    if (draw < 0) return index;
  }
  return shares.length - 1;
}

const STREET_WORDS = ['Acacia', 'Banksia', 'Wattle', 'Hilltop', 'Riverside', 'Station', 'Church', 'Mill', 'Bay', 'Park', 'Kings', 'Queens', 'Victoria', 'Ridge'];
const REPLACEMENT_SURNAMES = ['Nguyen', 'Okafor', 'Lindqvist', 'Haddad', 'Moreau', 'Tanaka', 'Fitzgerald', 'Kowalski', 'Rossi', 'Papadopoulos', 'Mbeki', 'Oyelaran'];
