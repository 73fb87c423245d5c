import fc from 'fast-check';
import { comparedSchoolIds, comparisonPath } from './comparison';

const schoolId = fc.bigInt({ min: 1n, max: 9_999_999_999_999_999n }).map(String);

describe('the schools a comparison’s address names', () => {
  it('reads back the schools its own address was made from, in order, whatever the year', () => {
    fc.assert(
      fc.property(fc.uniqueArray(schoolId, { maxLength: 6 }), fc.option(fc.integer({ min: 2000, max: 2099 }), { nil: undefined }), (ids, year) => {
        const address = new URL(comparisonPath(ids, year), 'https://lantern.example');
        expect(address.pathname).toBe('/compare');
        expect(comparedSchoolIds(address.searchParams.get('schools'))).toEqual(ids);
        expect(address.searchParams.get('year')).toBe(year === undefined ? null : String(year));
      }),
    );
  });

  it('keeps only school ids, each once, from whatever a visitor types into the address', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (typed) => {
        const ids = comparedSchoolIds(typed);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(id).toMatch(/^[1-9][0-9]{0,15}$/);
      }),
    );
    expect(comparedSchoolIds(' 255901001,abc,255901001,,0123,255902001 ')).toEqual(['255901001', '255902001']);
    expect(comparedSchoolIds(null)).toEqual([]);
  });
});
