import { MISSING_DATE, monthOf, orderedMonthDay, yearOf } from '../normalisation/dates';
import { mixHash } from '../index-store/hashing';
import { MISSING_NAME } from '../index-store/name-table';
import type { RecordStore } from '../index-store/record-store';

/**
 * Blocking rules: a record is compared only with entities sharing at least one key. Each rule
 * survives a different error, and no field is in every rule, so a true match is still found when
 * any one field is wrong or missing: birth dates use month and day in ascending order (a
 * day/month swap keeps its key), given names use their formal name (Bill and William share
 * keys), names are paired in sorted order (a given/surname swap keeps its key), and a record
 * without a birth date, a given name or a surname still gets the keys of the fields it has.
 */
export const BLOCKING_RULES = [
  { key: 'birth_date+surname', survives: 'given name changes, nicknames, typos; day/month swap; any part of a compound surname' },
  { key: 'birth_date+given_name', survives: 'surname changes (marriage, adoption) and typos' },
  { key: 'birth_year+names', survives: 'wrong month or day; given/surname swap' },
  { key: 'surname+given_initial+birth_month', survives: 'wrong day and a misspelt given name' },
  { key: 'names+month_day', survives: 'wrong birth year' },
  { key: 'names', survives: 'a missing or wrong birth date and a move, where the pair of names is not common' },
  { key: 'initials+birth_date', survives: 'misspellings in both names that change how they sound' },
  { key: 'postcode+birth_date', survives: 'both names changed or misspelt, at one postcode' },
  { key: 'postcode+surname', survives: 'a missing or wrong birth date with a new or misspelt given name' },
  { key: 'postcode+given_name', survives: 'a missing or wrong birth date with a surname change or misspelling' },
  { key: 'address', survives: 'anything but a move or a misspelt address: the household is a small block' },
  { key: 'local_id', survives: 'anything, within one source' },
  { key: 'ssn', survives: 'anything, where an SSN or identification code is recorded' },
] as const;

const ruleNumber = (name: (typeof BLOCKING_RULES)[number]['key']): number => BLOCKING_RULES.findIndex((rule) => rule.key === name) + 1;
const BIRTH_DATE_SURNAME = ruleNumber('birth_date+surname');
const BIRTH_DATE_GIVEN = ruleNumber('birth_date+given_name');
const YEAR_NAMES = ruleNumber('birth_year+names');
const SURNAME_INITIAL_MONTH = ruleNumber('surname+given_initial+birth_month');
const NAMES_MONTH_DAY = ruleNumber('names+month_day');
const NAMES = ruleNumber('names');
const INITIALS_BIRTH_DATE = ruleNumber('initials+birth_date');
const POSTCODE_BIRTH_DATE = ruleNumber('postcode+birth_date');
const POSTCODE_SURNAME = ruleNumber('postcode+surname');
const POSTCODE_GIVEN = ruleNumber('postcode+given_name');
const ADDRESS = ruleNumber('address');
const LOCAL_ID = ruleNumber('local_id');
const SSN = ruleNumber('ssn');

/** Appends the blocking-key fingerprints of a stored record to `keys`. */
export function blockingKeys(store: RecordStore, row: number, keys: number[]): void {
  const names = store.names;
  const given = store.givenName(row);
  const surname = store.surname(row);
  const birthDate = store.birthDate(row);
  const postcode = store.postcode(row);
  const hasDate = birthDate !== MISSING_DATE;
  const monthDay = hasDate ? orderedMonthDay(birthDate) : 0;
  if (surname !== MISSING_NAME) {
    const surnameSound = names.phonetic(surname);
    if (hasDate) {
      keys.push(mixHash(BIRTH_DATE_SURNAME, monthDay, surnameSound));
      for (const part of names.parts(surname) ?? []) keys.push(mixHash(BIRTH_DATE_SURNAME, monthDay, names.phonetic(part)));
    }
    if (postcode !== 0) keys.push(mixHash(POSTCODE_SURNAME, postcode, surnameSound));
  }
  if (given !== MISSING_NAME) {
    for (const formal of names.formals(given)) {
      if (hasDate) keys.push(mixHash(BIRTH_DATE_GIVEN, monthDay, names.phonetic(formal)));
      if (postcode !== 0) keys.push(mixHash(POSTCODE_GIVEN, postcode, names.phonetic(formal)));
    }
  }
  if (given !== MISSING_NAME && surname !== MISSING_NAME) {
    const givenSound = names.phonetic(names.formals(given)[0]);
    const surnameSound = names.phonetic(names.formals(surname)[0]);
    const [low, high] = givenSound < surnameSound ? [givenSound, surnameSound] : [surnameSound, givenSound];
    keys.push(mixHash(NAMES, low, high));
    if (hasDate) {
      const year = yearOf(birthDate);
      keys.push(mixHash(YEAR_NAMES, year, low, high));
      keys.push(mixHash(NAMES_MONTH_DAY, monthDay % 10_000, low, high));
      const givenInitial = names.text(names.joined(given)).charCodeAt(0);
      const surnameInitial = names.text(names.joined(surname)).charCodeAt(0);
      keys.push(mixHash(SURNAME_INITIAL_MONTH, names.phonetic(surname), givenInitial, year * 100 + monthOf(birthDate)));
      keys.push(mixHash(INITIALS_BIRTH_DATE, monthDay, Math.min(givenInitial, surnameInitial), Math.max(givenInitial, surnameInitial)));
    }
  }
  if (hasDate && postcode !== 0) keys.push(mixHash(POSTCODE_BIRTH_DATE, postcode, monthDay));
  if (store.address(row) !== 0) keys.push(mixHash(ADDRESS, store.address(row)));
  if (store.localId(row) !== 0) keys.push(mixHash(LOCAL_ID, store.source(row), store.localId(row)));
  const ssn = store.ssn(row);
  if (ssn !== 0) keys.push(mixHash(SSN, ssn % 0x1_0000_0000, Math.floor(ssn / 0x1_0000_0000)));
}
