import { parseBirthDate } from '../normalisation/dates';
import { memoised } from '../normalisation/memo';

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
const SEX_CODES: ReadonlyMap<string, Sex | null> = new Map(
  Object.entries({
    f: 'F',
    female: 'F',
    m: 'M',
    male: 'M',
    x: 'X',
    u: null,
    unknown: null,
  }),
);

/** The sex code, null when unknown or absent, undefined when the value is not recognised. */
export function parseSex(raw: string | undefined): Sex | null | undefined {
  return raw ? rememberedSex(raw) : null;
}

// A column of sex codes holds a handful of distinct values, each read several times per record.
const rememberedSex = memoised((raw: string): Sex | null | undefined => {
  const text = raw.trim().toLowerCase();
  if (!text) return null;
  return SEX_CODES.has(text) ? SEX_CODES.get(text) : undefined;
}, 1 << 10);

// An SSN has nine digits; other identification codes (a state or agency id) from five to
// fifteen. Leading zeros do not count, so a code a spreadsheet stripped them from still agrees.
const MIN_IDENTIFIER_DIGITS = 5;
const MAX_IDENTIFIER_DIGITS = 15;
const IDENTIFIER_DIGITS = new RegExp(`^\\d{${MIN_IDENTIFIER_DIGITS},${MAX_IDENTIFIER_DIGITS}}$`);

/**
 * The identification code as a number (dashes, spaces and a spreadsheet's trailing ".0"
 * removed); 0 when absent; undefined when malformed.
 */
export function parseSsn(raw: string | undefined): number | undefined {
  if (!raw) return 0;
  // Digits with dashes or spaces, the usual forms, read without regular expressions: every
  // record's code is parsed several times. Anything else takes the general reading.
  let value = 0;
  let digits = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      value = value * 10 + code - 0x30;
      digits++;
    } else if (code !== 0x2d && code !== 0x20) {
      return readIdentifier(raw);
    }
  }
  if (digits === 0) return 0;
  return digits >= MIN_IDENTIFIER_DIGITS && digits <= MAX_IDENTIFIER_DIGITS && value > 0 ? value : undefined;
}

function readIdentifier(raw: string): number | undefined {
  const text = raw.replace(/[\s-]/g, '').replace(/\.0+$/, '');
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
  ssn: { isMalformed: (text) => parseSsn(text) === undefined, expected: `an identification code of ${MIN_IDENTIFIER_DIGITS} to ${MAX_IDENTIFIER_DIGITS} digits` },
};

/** How one field is checked, with the warnings it can give made once: every record is checked, several times over. */
interface FieldCheck {
  readonly field: PersonField;
  readonly matchable: boolean;
  readonly isMalformed: ((text: string) => boolean) | undefined;
  /** Given when the field is absent, if it is expected. */
  readonly missing: DataQualityWarning | undefined;
  readonly notText: DataQualityWarning;
  readonly malformed: DataQualityWarning | undefined;
}

const warning = (field: PersonField, issue: DataQualityWarning['issue'], message: string): DataQualityWarning => Object.freeze({ field, issue, message });

const FIELD_CHECKS: readonly FieldCheck[] = WARNING_FIELDS.map((field) => {
  const rule = MALFORMED[field];
  return {
    field,
    matchable: MATCHABLE_FIELDS.has(field),
    isMalformed: rule?.isMalformed,
    missing: EXPECTED_FIELDS.has(field) ? warning(field, 'missing', `${field} is missing`) : undefined,
    notText: warning(field, 'malformed', `${field} is not text`),
    malformed: rule === undefined ? undefined : warning(field, 'malformed', `${field} is not ${rule.expected}`),
  };
});

/**
 * Checks a record in words a steward can act on (field names, never values: the values are a
 * child's personal data).
 */
export function checkPersonRecord(record: Partial<Record<PersonField, unknown>>): PersonRecordCheck {
  const refusals: string[] = [];
  const warnings: DataQualityWarning[] = [];
  let matchable = false;
  if (typeof record.record_id !== 'string' || !record.record_id.trim()) refusals.push('record_id is required');
  for (const check of FIELD_CHECKS) {
    const value = record[check.field];
    const absent = value === undefined || value === null || (typeof value === 'string' && !value.trim());
    if (absent) {
      if (check.missing !== undefined) warnings.push(check.missing);
    } else if (typeof value !== 'string') {
      warnings.push(check.notText);
    } else if (check.isMalformed?.(value)) {
      warnings.push(check.malformed as DataQualityWarning);
    } else if (check.matchable) {
      matchable = true;
    }
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
