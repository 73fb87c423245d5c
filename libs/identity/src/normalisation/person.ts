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
  /** Nine-digit number, 0 when absent. */
  readonly ssn: number;
  readonly source: string;
  readonly localId: string;
}

/** Normalises a record that passed personRecordProblems; malformed optional values count as missing. */
export function normalisePerson(record: PersonRecord, source: string): NormalisedPerson {
  return {
    givenName: normaliseName(record.first_name),
    middleName: normaliseName(record.middle_name),
    surname: normaliseName(record.last_name),
    birthDate: parseBirthDate(record.birth_date) ?? MISSING_DATE,
    sex: parseSex(record.sex) ?? null,
    address: normaliseAddress(record.address),
    postcode: normalisePostcode(record.postcode),
    ssn: parseSsn(record.ssn) ?? 0,
    source,
    localId: record.local_id?.trim() ?? '',
  };
}
