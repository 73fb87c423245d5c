import { normalisePerson } from '../normalisation/person';
import type { PersonRecord } from '../records/person-record';
import { Outcome, RecordStore, SEX_UNKNOWN, UNASSIGNED } from './record-store';

const GIVEN = ['Ana', 'Bo', ''];
const SURNAMES = ['Lee', 'Garcia-Lopez'];
const DATES = ['2010-03-07', '1999-12-31', ''];
const SEXES = ['F', 'M', ''];
const CODES = ['123456789', '999999999999999', ''];

// Fields vary at different periods, so rows on every page hold different combinations.
function record(index: number): PersonRecord {
  return {
    record_id: `r${index}`,
    first_name: GIVEN[index % 3],
    last_name: SURNAMES[index % 2],
    birth_date: DATES[(index % 5) % 3],
    sex: SEXES[(index % 7) % 3],
    postcode: index % 4 === 0 ? '' : String(10_000 + (index % 11)),
    ssn: CODES[(index % 13) % 3],
    local_id: index % 2 === 0 ? `L${index}` : '',
  };
}

describe('RecordStore', () => {
  it('reads back every field of every row, across pages of rows', () => {
    const rows = 40_000;
    const store = new RecordStore();
    const people = Array.from({ length: rows }, (_, index) => normalisePerson(record(index), index % 2 === 0 ? 'a' : 'b'));
    people.forEach((person, index) => {
      const row = store.stage(`r${index}`, person);
      store.commit(row);
      store.setEntity(row, index * 3);
      store.setNextInEntity(row, index - 1);
      store.setScore(row, index / 4);
    });
    expect(store.size).toBe(rows);
    people.forEach((person, row) => {
      expect(store.rowOf(`r${row}`)).toBe(row);
      expect(store.names.text(store.givenName(row))).toBe(person.givenName.text);
      expect(store.names.text(store.surname(row))).toBe(person.surname.text);
      expect(store.birthDate(row)).toBe(person.birthDate);
      expect(store.sex(row) === SEX_UNKNOWN).toBe(person.sex === null);
      expect(store.postcodes.text(store.postcode(row))).toBe(person.postcode);
      expect(store.ssn(row)).toBe(person.ssn);
      expect(store.source(row)).toBe(row % 2 === 0 ? 1 : 2);
      expect(store.localId(row) === 0).toBe(person.localId === '');
      expect(store.entity(row)).toBe(row * 3);
      expect(store.nextInEntity(row)).toBe(row - 1);
      expect(store.originEntity(row)).toBe(UNASSIGNED);
      expect(store.outcome(row)).toBe(Outcome.undecided);
      expect(store.score(row)).toBe(row / 4);
    });
  });

  it('keeps no record ids when told so, holding the same fields, and refuses a lookup by id', () => {
    const store = new RecordStore({ keepRecordIds: false });
    const person = normalisePerson(record(1), 'a');
    store.commit(store.stage('r1', person));
    expect(store.names.text(store.surname(0))).toBe(person.surname.text);
    expect(store.birthDate(0)).toBe(person.birthDate);
    expect(() => store.rowOf('r1')).toThrow('keeps no record ids');
    expect(() => store.recordId(0)).toThrow('keeps no record ids');
  });
});
