import { checkPersonRecord, parseSex, parseSsn, personRecordProblems } from './person-record';

describe('checkPersonRecord', () => {
  const valid = { record_id: 'r1', first_name: 'Ana', last_name: 'Kowalczyk', birth_date: '2012-04-09' };

  it('accepts a record with a record id, names and a birth date', () => {
    expect(checkPersonRecord(valid)).toEqual({ refusals: [], warnings: [] });
    expect(personRecordProblems(valid)).toEqual([]);
  });

  it('refuses only a record without an id, or without a name and an identifier', () => {
    expect(personRecordProblems({ ...valid, record_id: ' ' })).toEqual(['record_id is required']);
    expect(personRecordProblems({ record_id: 'r1', first_name: '', last_name: ' ', birth_date: '2012-04-09' })).toEqual([
      'a name (first_name or last_name) or an identifier (ssn or local_id) is required',
    ]);
    expect(personRecordProblems({ record_id: 'r1', ssn: '123456789' })).toEqual([]);
    expect(personRecordProblems({ record_id: 'r1', local_id: 'D-1' })).toEqual([]);
    expect(personRecordProblems({ record_id: 'r1', ssn: 'not a code' })).toHaveLength(1);
  });

  it('warns about each field compared as missing, naming the field and never the value', () => {
    const { refusals, warnings } = checkPersonRecord({ record_id: 'r1', first_name: 'Ana', birth_date: '2012-13-01', sex: 'female-ish', ssn: '12-34', postcode: 80001 as unknown as string });
    expect(refusals).toEqual([]);
    expect(warnings.map(({ field, issue }) => `${field} ${issue}`)).toEqual(['last_name missing', 'birth_date malformed', 'sex malformed', 'postcode malformed', 'ssn malformed']);
    expect(JSON.stringify(warnings)).not.toMatch(/female-ish|12-34|2012-13-01|80001/);
  });

  it('does not warn about absent optional fields', () => {
    expect(checkPersonRecord({ ...valid, middle_name: '', address: undefined }).warnings).toEqual([]);
  });
});

describe('field parsers', () => {
  it('reads sex codes', () => {
    expect([parseSex('female'), parseSex('M'), parseSex(' x '), parseSex('U'), parseSex(undefined), parseSex('?')]).toEqual(['F', 'M', 'X', null, null, undefined]);
    expect([parseSex('constructor'), parseSex('toString'), parseSex(' '), parseSex('MALE ')]).toEqual([undefined, undefined, null, 'M']);
  });

  it('reads SSNs and other identification codes of 5 to 15 digits, with or without dashes', () => {
    expect([parseSsn('123-45-6789'), parseSsn('123456789'), parseSsn(''), parseSsn('000000000'), parseSsn('1234')]).toEqual([123456789, 123456789, 0, undefined, undefined]);
    expect([parseSsn('4023185'), parseSsn('4023185.0'), parseSsn('012345678'), parseSsn('123456789012345'), parseSsn('1234567890123456')]).toEqual([
      4023185,
      4023185,
      12345678,
      123456789012345,
      undefined,
    ]);
    expect([parseSsn('123 45 6789'), parseSsn(' - '), parseSsn('00000-1'), parseSsn('123\u00a045\u00a06789'), parseSsn('123-45-678x'), parseSsn('123456789.00')]).toEqual([
      123456789,
      0,
      1,
      123456789,
      undefined,
      123456789,
    ]);
  });
});
