import { checkPersonRecord, OPTIONAL_PERSON_FIELDS, REQUIRED_PERSON_FIELDS, type DataQualityWarning, type PersonField, type PersonRecord } from '@lantern/identity';
import { REPLACEMENT_CHARACTER } from './csv-reader';

const PERSON_FIELDS: readonly PersonField[] = [...REQUIRED_PERSON_FIELDS, ...OPTIONAL_PERSON_FIELDS];

/**
 * Header names read as each person field besides the field's own name, most specific first
 * (trimmed, case-insensitive; spaces, dots and hyphens read as underscores). The field's own
 * name wins over an alias; among aliases the first listed that the header has.
 */
const HEADER_ALIASES: Readonly<Record<PersonField, readonly string[]>> = {
  record_id: ['rec_id', 'recid', 'unique_id', 'record', 'id'],
  first_name: ['given_name', 'firstname', 'givenname', 'forename', 'first', 'given'],
  last_name: ['surname', 'lastname', 'family_name', 'familyname', 'last'],
  middle_name: ['middlename', 'middle_names', 'middle'],
  birth_date: ['date_of_birth', 'dob', 'birthdate', 'birthday', 'birth_day'],
  sex: ['gender'],
  address: ['address_1', 'address1', 'address_line_1', 'street_address', 'street'],
  postcode: ['postal_code', 'post_code', 'zip', 'zipcode', 'zip_code'],
  local_id: ['localid', 'source_id'],
  ssn: ['social_security_number', 'soc_sec_id', 'id_code', 'identification_code'],
};
/** Columns written before and after the street in one address (house number, unit line). */
const ADDRESS_BEFORE = ['street_number', 'house_number'];
const ADDRESS_AFTER = ['address_2', 'address2', 'address_line_2'];

/** Fields a header must offer something of: a record id, and a name or identifier to match on. */
const MATCHING_FIELDS: readonly PersonField[] = ['first_name', 'last_name', 'ssn', 'local_id'];

/** Where each person field is in a file's rows, found by header name. */
export interface PersonColumns {
  /** Fields a row must have: the header's. */
  readonly width: number;
  /** [field, column indexes] for every person field the header has; several columns are joined with a space (an address). */
  readonly columns: readonly (readonly [PersonField, readonly number[]])[];
  /** The same by field, undefined for a field the header lacks. */
  readonly byField: Readonly<Record<PersonField, readonly number[] | undefined>>;
}

export type HeaderCheck = { readonly ok: true; readonly columns: PersonColumns } | { readonly ok: false; readonly problems: string[] };

function headerName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_');
}

/**
 * Maps a header to the person fields by name or a common alias (HEADER_ALIASES); other columns
 * are ignored. `idColumn`, when given, names the column read as the identification code (`ssn`)
 * instead. Refused when there is no record id column, nothing to match on (no name and no
 * identifier column), or a used column is named twice: nothing of such a file could be read
 * without guessing. A missing name or birth date column is not refused: it counts as missing.
 */
export function personColumns(header: readonly string[], idColumn?: string): HeaderCheck {
  const names = header.map(headerName);
  const problems: string[] = [];
  const repeated = new Set(names.filter((name, index) => name !== '' && names.indexOf(name) !== index));
  const indexOf = (candidates: readonly string[]): number | undefined => {
    for (const candidate of candidates) {
      const index = names.indexOf(candidate);
      if (index >= 0) return index;
    }
    return undefined;
  };
  const found = new Map<PersonField, number[]>();
  for (const field of PERSON_FIELDS) {
    const candidates = field === 'ssn' && idColumn !== undefined ? [headerName(idColumn)] : [field, ...HEADER_ALIASES[field]];
    const index = indexOf(candidates);
    if (index === undefined) continue;
    if (repeated.has(names[index])) problems.push(`column ${names[index]} named more than once`);
    found.set(field, field === 'address' ? addressColumns(names, index) : [index]);
  }
  if (!found.has('record_id')) problems.push('missing required column record_id');
  if (!MATCHING_FIELDS.some((field) => found.has(field))) problems.push('missing a column to match on: first_name, last_name, ssn or local_id');
  if (idColumn !== undefined && !found.has('ssn')) problems.push(`missing the identification-code column ${headerName(idColumn)} (--id-column)`);
  if (problems.length > 0) return { ok: false, problems };
  const columns = PERSON_FIELDS.filter((field) => found.has(field)).map((field) => [field, found.get(field) as number[]] as const);
  const byField = Object.fromEntries(PERSON_FIELDS.map((field) => [field, found.get(field)])) as Record<PersonField, number[] | undefined>;
  return { ok: true, columns: { width: header.length, columns, byField } };
}

function addressColumns(names: readonly string[], street: number): number[] {
  const before = ADDRESS_BEFORE.map((name) => names.indexOf(name)).find((index) => index >= 0);
  const after = ADDRESS_AFTER.map((name) => names.indexOf(name)).find((index) => index >= 0);
  return [before, street, after].filter((index): index is number => index !== undefined && index >= 0);
}

export type RowCheck = { readonly ok: true; readonly record: PersonRecord; readonly warnings: readonly DataQualityWarning[] } | { readonly ok: false; readonly problems: string[] };

/**
 * The person record of one row and its data-quality warnings (fields compared as missing), or
 * why it cannot be resolved: field names and counts, never values. Empty and blank fields count
 * as missing; nothing is corrected. The record id is read with `recordIdPrefix` before it.
 * `undecodable` false (the file has held no U+FFFD so far, CsvBatch) spares looking for U+FFFD in
 * every field.
 */
export function personRecordFrom(fields: readonly string[], columns: PersonColumns, recordIdPrefix = '', undecodable = true): RowCheck {
  if (fields.length !== columns.width) {
    return { ok: false, problems: [`has ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${columns.width}`] };
  }
  const at = columns.byField;
  const recordId = value(fields, at.record_id);
  // Every record has every field (undefined when missing), in one order: one object shape for
  // the checks and the normalisation that read a million of them.
  const record: PersonRecord = {
    record_id: (recordId === undefined ? undefined : recordIdPrefix + recordId) as string,
    first_name: value(fields, at.first_name),
    last_name: value(fields, at.last_name),
    birth_date: value(fields, at.birth_date),
    middle_name: value(fields, at.middle_name),
    sex: value(fields, at.sex),
    address: value(fields, at.address),
    postcode: value(fields, at.postcode),
    local_id: value(fields, at.local_id),
    ssn: value(fields, at.ssn),
  };
  const { refusals, warnings } = checkPersonRecord(record);
  const notUtf8 = undecodable ? undecodableFields(fields, columns) : undefined;
  if (refusals.length === 0 && notUtf8 === undefined) return { ok: true, record, warnings };
  const problems = [...refusals];
  if (notUtf8 !== undefined) problems.push(`${notUtf8.join(', ')} ${notUtf8.length > 1 ? 'are' : 'is'} not valid UTF-8 (save the file as UTF-8)`);
  return { ok: false, problems };
}

/** A field's text (several columns joined with a space), undefined when empty or blank. */
function value(fields: readonly string[], indexes: readonly number[] | undefined): string | undefined {
  if (indexes === undefined) return undefined;
  const text = indexes.length === 1 ? fields[indexes[0]] : indexes.map((index) => fields[index].trim()).join(' ');
  return text.trim() === '' ? undefined : text;
}

/** The fields with a column that was not valid UTF-8 (decoded as U+FFFD); undefined when there are none. */
function undecodableFields(fields: readonly string[], columns: PersonColumns): PersonField[] | undefined {
  let undecodable: PersonField[] | undefined;
  for (const [field, indexes] of columns.columns) {
    for (const index of indexes) {
      if (!fields[index].includes(REPLACEMENT_CHARACTER)) continue;
      (undecodable ??= []).push(field);
      break;
    }
  }
  return undecodable;
}
