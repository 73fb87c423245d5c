import { parseBirthDate } from '../normalisation/dates';

/**
 * One person-bearing record as the identity CLI reads it from CSV (columns by header name) and
 * as ingest hands it over. Only record_id is required, with at least one name or identifier;
 * every other field may be absent, empty or malformed (it then counts as missing and is
 * reported as a data-quality warning). record_id must be unique within one resolver's ID space
 * (prefix it with the source when several sources share a numbering).
 */
export interface PersonRecord {
  readonly record_id: string;
  readonly first_name?: string;
  readonly last_name?: string;
  readonly birth_date?: string;
  readonly middle_name?: string;
  readonly sex?: string;
  readonly address?: string;
  readonly postcode?: string;
  readonly local_id?: string;
  /** SSN or another identification code: digits (dashes and spaces ignored). */
  readonly ssn?: string;
}

/** Fields every record is expected to carry: one missing is a data-quality warning (record_id missing refuses it). */
export const REQUIRED_PERSON_FIELDS = ['record_id', 'first_name', 'last_name', 'birth_date'] as const;
export const OPTIONAL_PERSON_FIELDS = ['middle_name', 'sex', 'address', 'postcode', 'local_id', 'ssn'] as const;
export type PersonField = (typeof REQUIRED_PERSON_FIELDS)[number] | (typeof OPTIONAL_PERSON_FIELDS)[number];

export type Sex = 'F' | 'M' | 'X';
const SEX_CODES: Readonly<Record<string, Sex | null>> = {
  f: 'F',
  female: 'F',
  m: 'M',
  male: 'M',
  x: 'X',
  u: null,
  unknown: null,
};

/** The sex code, null when unknown or absent, undefined when the value is not recognised. */
export function parseSex(raw: string | undefined): Sex | null | undefined {
  const text = raw?.trim().toLowerCase();
  if (!text) return null;
  return text in SEX_CODES ? SEX_CODES[text] : undefined;
}

// An SSN has nine digits; other identification codes (a state or agency id) from five to
// fifteen. Leading zeros do not count, so a code a spreadsheet stripped them from still agrees.
const IDENTIFIER_DIGITS = /^\d{5,15}$/;

/**
 * The identification code as a number (dashes, spaces and a spreadsheet's trailing ".0"
 * removed); 0 when absent; undefined when malformed.
 */
export function parseSsn(raw: string | undefined): number | undefined {
  const text = raw?.replace(/[\s-]/g, '').replace(/\.0+$/, '');
  if (!text) return 0;
  if (!IDENTIFIER_DIGITS.test(text) || /^0+$/.test(text)) return undefined;
  return Number(text);
}

/** A field the engine compares as missing, and why: a data-quality warning (field name, never the value). */
export interface DataQualityWarning {
  readonly field: PersonField;
  readonly issue: 'missing' | 'malformed';
  readonly message: string;
}

/**
 * How a record can be resolved. Refusals stop it: no record id, or neither a name nor an
 * identifier to match on. Warnings do not: the field counts as missing (neutral evidence) and
 * the rest of the record is compared.
 */
export interface PersonRecordCheck {
  readonly refusals: readonly string[];
  readonly warnings: readonly DataQualityWarning[];
}

const WARNING_FIELDS: readonly PersonField[] = ['first_name', 'last_name', 'birth_date', 'middle_name', 'sex', 'address', 'postcode', 'local_id', 'ssn'];
const EXPECTED_FIELDS = new Set<PersonField>(['first_name', 'last_name', 'birth_date']);
/** A record needs one of these usable to be matched at all. */
const MATCHABLE_FIELDS = new Set<PersonField>(['first_name', 'last_name', 'ssn', 'local_id']);
const MALFORMED: Partial<Record<PersonField, { readonly isMalformed: (text: string) => boolean; readonly expected: string }>> = {
  birth_date: { isMalformed: (text) => parseBirthDate(text) === undefined, expected: 'a calendar date (yyyy-mm-dd, yyyy/mm/dd, yyyymmdd or mm/dd/yyyy)' },
  sex: { isMalformed: (text) => parseSex(text) === undefined, expected: 'F, M, X or U' },
  ssn: { isMalformed: (text) => parseSsn(text) === undefined, expected: 'an identification code of 5 to 15 digits' },
};

/**
 * Checks a record in words a steward can act on (field names, never values: the values are a
 * child's personal data).
 */
export function checkPersonRecord(record: Partial<Record<PersonField, unknown>>): PersonRecordCheck {
  const refusals: string[] = [];
  const warnings: DataQualityWarning[] = [];
  let matchable = false;
  if (typeof record.record_id !== 'string' || !record.record_id.trim()) refusals.push('record_id is required');
  for (const field of WARNING_FIELDS) {
    const value = record[field];
    const absent = value === undefined || value === null || (typeof value === 'string' && !value.trim());
    if (absent) {
      if (EXPECTED_FIELDS.has(field)) warnings.push({ field, issue: 'missing', message: `${field} is missing` });
      continue;
    }
    const rule = MALFORMED[field];
    if (typeof value !== 'string') warnings.push({ field, issue: 'malformed', message: `${field} is not text` });
    else if (rule?.isMalformed(value)) warnings.push({ field, issue: 'malformed', message: `${field} is not ${rule.expected}` });
    else if (MATCHABLE_FIELDS.has(field)) matchable = true;
  }
  if (!matchable) {
    refusals.push('a name (first_name or last_name) or an identifier (ssn or local_id) is required');
  }
  return { refusals, warnings };
}

/** Why the record cannot be resolved at all; empty when it can (with or without warnings). */
export function personRecordProblems(record: Partial<Record<PersonField, unknown>>): string[] {
  return [...checkPersonRecord(record).refusals];
}

export class InvalidPersonRecordError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid person record: ${problems.join('; ')}`);
    this.name = 'InvalidPersonRecordError';
  }
}
