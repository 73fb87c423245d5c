import { parseSex, parseSsn, type PersonRecord, type Sex } from '../records/person-record';
import { normaliseAddress, normalisePostcode } from './addresses';
import { type DateKey, MISSING_DATE, parseBirthDate } from './dates';
import { type NormalisedName, normaliseName } from './names';

/** A person record folded to the forms the comparisons and blocking keys read. */
export interface NormalisedPerson {
  readonly givenName: NormalisedName;
  readonly middleName: NormalisedName;
  readonly surname: NormalisedName;
  readonly birthDate: DateKey;
  readonly sex: Sex | null;
  readonly address: string;
  readonly postcode: string;
  /** The identification code (SSN) as a number, 0 when absent. */
  readonly ssn: number;
  readonly source: string;
  readonly localId: string;
}

/** Normalises a record that passed personRecordProblems; absent, empty and malformed values count as missing. */
export function normalisePerson(record: PersonRecord, source: string): NormalisedPerson {
  return {
    givenName: normaliseName(text(record.first_name)),
    middleName: normaliseName(text(record.middle_name)),
    surname: normaliseName(text(record.last_name)),
    birthDate: parseBirthDate(text(record.birth_date)) ?? MISSING_DATE,
    sex: parseSex(text(record.sex)) ?? null,
    address: normaliseAddress(text(record.address)),
    postcode: normalisePostcode(text(record.postcode)),
    ssn: parseSsn(text(record.ssn)) ?? 0,
    source,
    localId: text(record.local_id)?.trim() ?? '',
  };
}

// Records from outside bytes may carry numbers or objects where text belongs: those count as missing.
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
