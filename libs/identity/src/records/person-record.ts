import { parseBirthDate } from '../normalisation/dates';

/**
 * One person-bearing record as the identity CLI reads it from CSV (columns by header name) and
 * as ingest hands it over. Only the first four fields are required; the rest may be absent or
 * empty. record_id must be unique within one resolver's ID space (prefix it with the source
 * when several sources share a numbering).
 */
export interface PersonRecord {
  readonly record_id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly birth_date: string;
  readonly middle_name?: string;
  readonly sex?: string;
  readonly address?: string;
  readonly postcode?: string;
  readonly local_id?: string;
  readonly ssn?: string;
}

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

/** Nine digits once dashes and spaces are removed; 0 when absent; undefined when malformed. */
export function parseSsn(raw: string | undefined): number | undefined {
  const text = raw?.replace(/[\s-]/g, '');
  if (!text) return 0;
  if (!/^\d{9}$/.test(text) || /^0+$/.test(text)) return undefined;
  return Number(text);
}

/**
 * What is wrong with a record, in words a steward can act on (field names, never values: the
 * values are a child's personal data). Empty when the record can be resolved.
 */
export function personRecordProblems(record: Partial<Record<PersonField, unknown>>): string[] {
  const problems: string[] = [];
  const text = (field: PersonField): string | undefined => (typeof record[field] === 'string' ? (record[field] as string) : undefined);
  for (const field of [...REQUIRED_PERSON_FIELDS, ...OPTIONAL_PERSON_FIELDS]) {
    const value = record[field];
    if (value !== undefined && value !== null && typeof value !== 'string') problems.push(`${field} must be text`);
  }
  if (!text('record_id')?.trim()) problems.push('record_id is required');
  if (!text('first_name')?.trim() && !text('last_name')?.trim()) problems.push('first_name or last_name is required');
  if (!text('birth_date')?.trim()) problems.push('birth_date is required');
  else if (parseBirthDate(text('birth_date')) === undefined) problems.push('birth_date is not a calendar date (yyyy-mm-dd, yyyymmdd or mm/dd/yyyy)');
  if (parseSex(text('sex')) === undefined) problems.push('sex must be F, M, X or U');
  if (parseSsn(text('ssn')) === undefined) problems.push('ssn must have nine digits');
  return problems;
}

export class InvalidPersonRecordError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid person record: ${problems.join('; ')}`);
    this.name = 'InvalidPersonRecordError';
  }
}
