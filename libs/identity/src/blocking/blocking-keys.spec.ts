import { RecordStore } from '../index-store/record-store';
import { normalisePerson } from '../normalisation/person';
import type { PersonRecord } from '../records/person-record';
import { BLOCKING_RULES, blockingKeys } from './blocking-keys';

const original: PersonRecord = {
  record_id: 'a',
  first_name: 'William',
  last_name: 'Garcia-Lopez',
  birth_date: '2010-03-07',
  postcode: '80001',
  local_id: 'L-1',
  ssn: '123456789',
};

// One store for all records, as in a resolver: source ids are numbered per store.
const store = new RecordStore();

function keysOf(record: PersonRecord, source = 'k12'): number[] {
  const row = store.stage(record.record_id, normalisePerson(record, source));
  const keys: number[] = [];
  blockingKeys(store, row, keys);
  return keys;
}

const shareAKey = (a: number[], b: number[]): boolean => a.some((key) => b.includes(key));

describe('blocking keys', () => {
  const identifiersRemoved = { postcode: undefined, local_id: undefined, ssn: undefined };

  it.each<[string, Partial<PersonRecord>]>([
    ['nickname', { first_name: 'Bill' }],
    ['day/month swap', { birth_date: '2010-07-03' }],
    ['given/surname swap', { first_name: 'Garcia-Lopez', last_name: 'William' }],
    ['one part of a compound surname', { last_name: 'Lopez' }],
    ['surname change', { last_name: 'Nowak' }],
    ['wrong day', { birth_date: '2010-03-17' }],
    ['wrong year', { birth_date: '2011-03-07' }],
    ['misspelt given name and wrong day', { first_name: 'Wiliam', birth_date: '2010-03-08' }],
    ['upper case and accents', { first_name: 'WÍLLIAM', last_name: 'GARCÍA LÓPEZ' }],
  ])('a record keeps a key in common with its variant: %s', (_, change) => {
    expect(shareAKey(keysOf({ ...original, ...identifiersRemoved }), keysOf({ ...original, ...identifiersRemoved, ...change }))).toBe(true);
  });

  it.each<[string, Partial<PersonRecord>]>([
    ['no birth date', { birth_date: undefined }],
    ['no birth date and a misspelt given name', { birth_date: undefined, first_name: 'Wiliam' }],
    ['no birth date and another surname', { birth_date: undefined, last_name: 'Nowak' }],
    ['no given name', { first_name: undefined }],
    ['no surname and a wrong birth date', { last_name: undefined, birth_date: '2011-03-07' }],
  ])('a record missing a field keeps a key in common with its variant: %s', (_, change) => {
    const withPostcode = { ...original, local_id: undefined, ssn: undefined };
    expect(shareAKey(keysOf(withPostcode), keysOf({ ...withPostcode, ...change }))).toBe(true);
  });

  it('finds a record by SSN or same-source local id when names and date are all wrong', () => {
    const unrecognisable = { ...original, first_name: 'Xavier', last_name: 'Quinn', birth_date: '1999-01-01', postcode: undefined };
    expect(shareAKey(keysOf(original), keysOf({ ...unrecognisable, local_id: undefined }))).toBe(true);
    expect(shareAKey(keysOf(original), keysOf({ ...unrecognisable, ssn: undefined }))).toBe(true);
    expect(shareAKey(keysOf(original), keysOf({ ...unrecognisable, ssn: undefined }, 'health'))).toBe(false);
  });

  it('keeps a different person with another name and birth date apart', () => {
    const other = { record_id: 'b', first_name: 'Mary', last_name: 'Smith', birth_date: '2004-11-30' };
    expect(shareAKey(keysOf(original), keysOf(other))).toBe(false);
  });

  it('documents every rule it applies', () => {
    expect(keysOf(original).length).toBeGreaterThanOrEqual(BLOCKING_RULES.length);
  });
});
