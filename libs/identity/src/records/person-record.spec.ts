import { parseSex, parseSsn, personRecordProblems } from './person-record';

describe('personRecordProblems', () => {
  const valid = { record_id: 'r1', first_name: 'Ana', last_name: 'Kowalczyk', birth_date: '2012-04-09' };

  it('accepts a record with the four required fields', () => {
    expect(personRecordProblems(valid)).toEqual([]);
  });

  it('names each problem without repeating personal data', () => {
    const problems = personRecordProblems({ record_id: ' ', first_name: '', last_name: '', birth_date: '2012-13-01', sex: 'female-ish', ssn: '12-34' });
    expect(problems).toEqual([
      'record_id is required',
      'first_name or last_name is required',
      'birth_date is not a calendar date (yyyy-mm-dd, yyyymmdd or mm/dd/yyyy)',
      'sex must be F, M, X or U',
      'ssn must have nine digits',
    ]);
    expect(problems.join(' ')).not.toContain('female-ish');
  });

  it('rejects values that are not text', () => {
    expect(personRecordProblems({ ...valid, postcode: 80001 as unknown as string })).toEqual(['postcode must be text']);
  });

  it('requires a birth date', () => {
    expect(personRecordProblems({ ...valid, birth_date: '' })).toEqual(['birth_date is required']);
  });
});

describe('field parsers', () => {
  it('reads sex codes', () => {
    expect([parseSex('female'), parseSex('M'), parseSex(' x '), parseSex('U'), parseSex(undefined), parseSex('?')]).toEqual(['F', 'M', 'X', null, null, undefined]);
  });

  it('reads SSNs with or without dashes', () => {
    expect([parseSsn('123-45-6789'), parseSsn('123456789'), parseSsn(''), parseSsn('000000000'), parseSsn('1234')]).toEqual([123456789, 123456789, 0, undefined, undefined]);
  });
});
