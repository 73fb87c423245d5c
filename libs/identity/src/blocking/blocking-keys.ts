import { MISSING_DATE, monthOf, orderedMonthDay, yearOf } from '../normalisation/dates';
import { mixHash } from '../index-store/hashing';
import { MISSING_NAME } from '../index-store/name-table';
import type { RecordStore } from '../index-store/record-store';

/**
 * Blocking rules: a record is compared only with entities sharing at least one key. Each rule
 * survives a different error, so a true match is still found when one field is wrong:
 * birth dates use month and day in ascending order (a day/month swap keeps its key), given names
 * use their formal name (Bill and William share keys), names are paired in sorted order (a
 * given/surname swap keeps its key).
 */
export const BLOCKING_RULES = [
  { key: 'birth_date+surname', survives: 'given name changes, nicknames, typos; day/month swap; any part of a compound surname' },
  { key: 'birth_date+given_name', survives: 'surname changes (marriage, adoption) and typos' },
  { key: 'birth_year+names', survives: 'wrong month or day; given/surname swap' },
  { key: 'surname+given_initial+birth_month', survives: 'wrong day and a misspelt given name' },
  { key: 'names+month_day', survives: 'wrong birth year' },
  { key: 'postcode+birth_date', survives: 'both names changed or misspelt, at one postcode' },
  { key: 'local_id', survives: 'anything, within one source' },
  { key: 'ssn', survives: 'anything, where an SSN is recorded' },
] as const;

const ruleNumber = (name: (typeof BLOCKING_RULES)[number]['key']): number => BLOCKING_RULES.findIndex((rule) => rule.key === name) + 1;
const BIRTH_DATE_SURNAME = ruleNumber('birth_date+surname');
const BIRTH_DATE_GIVEN = ruleNumber('birth_date+given_name');
const YEAR_NAMES = ruleNumber('birth_year+names');
const SURNAME_INITIAL_MONTH = ruleNumber('surname+given_initial+birth_month');
const NAMES_MONTH_DAY = ruleNumber('names+month_day');
const POSTCODE_BIRTH_DATE = ruleNumber('postcode+birth_date');
const LOCAL_ID = ruleNumber('local_id');
const SSN = ruleNumber('ssn');

/** Appends the blocking-key fingerprints of a stored record to `keys`. */
export function blockingKeys(store: RecordStore, row: number, keys: number[]): void {
  const names = store.names;
  const given = store.givenName[row];
  const surname = store.surname[row];
  const birthDate = store.birthDate[row];
  if (birthDate !== MISSING_DATE) {
    const year = yearOf(birthDate);
    const monthDay = orderedMonthDay(birthDate);
    if (surname !== MISSING_NAME) {
      keys.push(mixHash(BIRTH_DATE_SURNAME, monthDay, names.phonetic(surname)));
      for (const part of names.parts(surname) ?? []) keys.push(mixHash(BIRTH_DATE_SURNAME, monthDay, names.phonetic(part)));
    }
    if (given !== MISSING_NAME) {
      for (const formal of names.formals(given)) keys.push(mixHash(BIRTH_DATE_GIVEN, monthDay, names.phonetic(formal)));
    }
    if (given !== MISSING_NAME && surname !== MISSING_NAME) {
      const givenSound = names.phonetic(names.formals(given)[0]);
      const surnameSound = names.phonetic(names.formals(surname)[0]);
      const [low, high] = givenSound < surnameSound ? [givenSound, surnameSound] : [surnameSound, givenSound];
      keys.push(mixHash(YEAR_NAMES, year, low, high));
      keys.push(mixHash(NAMES_MONTH_DAY, monthDay % 10_000, low, high));
      const initial = names.text(names.joined(given)).charCodeAt(0);
      keys.push(mixHash(SURNAME_INITIAL_MONTH, names.phonetic(surname), initial, year * 100 + monthOf(birthDate)));
    }
    if (store.postcode[row] !== 0) keys.push(mixHash(POSTCODE_BIRTH_DATE, store.postcode[row], monthDay));
  }
  if (store.localId[row] !== 0) keys.push(mixHash(LOCAL_ID, store.source[row], store.localId[row]));
  if (store.ssn[row] !== 0) keys.push(mixHash(SSN, store.ssn[row]));
}
