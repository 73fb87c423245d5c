import { OPTIONAL_PERSON_FIELDS, REQUIRED_PERSON_FIELDS, personRecordProblems, type PersonField, type PersonRecord } from '@lantern/identity';

const PERSON_FIELDS: readonly PersonField[] = [...REQUIRED_PERSON_FIELDS, ...OPTIONAL_PERSON_FIELDS];
const REPLACEMENT_CHARACTER = '\uFFFD';

/** Where each person field is in a file's rows, found by header name. */
export interface PersonColumns {
  /** Fields a row must have: the header's. */
  readonly width: number;
  /** [field, column index] for every person field the header has. */
  readonly columns: readonly (readonly [PersonField, number])[];
}

export type HeaderCheck = { readonly ok: true; readonly columns: PersonColumns } | { readonly ok: false; readonly problems: string[] };

function headerName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Maps a header to the person fields, by name (trimmed, case-insensitive); other columns are
 * ignored. `idColumn`, when given, names the column read as the identification code (`ssn`)
 * instead of a column named ssn. Refused when a required column is missing or a used column is
 * named twice: nothing of such a file could be read without guessing.
 */
export function personColumns(header: readonly string[], idColumn?: string): HeaderCheck {
  const names = header.map(headerName);
  const idName = idColumn === undefined ? 'ssn' : headerName(idColumn);
  const wanted = new Map<string, PersonField>(PERSON_FIELDS.filter((field) => field !== 'ssn').map((field) => [field, field]));
  wanted.set(idName, 'ssn');

  const problems: string[] = [];
  const found = new Map<PersonField, number>();
  const repeated = new Set<string>();
  names.forEach((name, index) => {
    const field = wanted.get(name);
    if (field === undefined) return;
    if (found.has(field)) repeated.add(name);
    else found.set(field, index);
  });
  const missing = REQUIRED_PERSON_FIELDS.filter((field) => !found.has(field));
  if (missing.length > 0) problems.push(`missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (idColumn !== undefined && !found.has('ssn')) problems.push(`missing the identification-code column ${idName} (--id-column)`);
  if (repeated.size > 0) problems.push(`column${repeated.size > 1 ? 's' : ''} ${[...repeated].join(', ')} named more than once`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, columns: { width: header.length, columns: PERSON_FIELDS.filter((field) => found.has(field)).map((field) => [field, found.get(field) as number] as const) } };
}

export type RowCheck = { readonly ok: true; readonly record: PersonRecord } | { readonly ok: false; readonly problems: string[] };

/**
 * The person record of one row, or what is wrong with it: field names and counts, never values.
 * Empty and blank optional fields count as missing; nothing is corrected.
 */
export function personRecordFrom(fields: readonly string[], columns: PersonColumns): RowCheck {
  if (fields.length !== columns.width) {
    return { ok: false, problems: [`has ${fields.length} field${fields.length === 1 ? '' : 's'} where the header has ${columns.width}`] };
  }
  const record: Partial<Record<PersonField, string>> = {};
  let undecodable: string[] | undefined;
  for (const [field, index] of columns.columns) {
    const value = fields[index];
    if (value.trim() === '') continue;
    if (value.includes(REPLACEMENT_CHARACTER)) (undecodable ??= []).push(field);
    record[field] = value;
  }
  const problems = personRecordProblems(record);
  if (undecodable) problems.push(`${undecodable.join(', ')} ${undecodable.length > 1 ? 'are' : 'is'} not valid UTF-8 (save the file as UTF-8)`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, record: record as PersonRecord };
}
