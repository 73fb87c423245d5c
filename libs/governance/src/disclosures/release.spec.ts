import fc from 'fast-check';
import { GRANULARITIES } from '../agreements/agreement';
import { generalise, releasedFields } from './release';

describe('generalise', () => {
  it.each([
    ['2014-05-06', 'as-recorded', '2014-05-06'],
    ['2014-05-06', 'year', '2014'],
    ['2014-05-06', 'year-month', '2014-05'],
    ['2026-08-20T08:00:00Z', 'year-month', '2026-08'],
    ['40601', 'zip3', '406'],
    ['40601-1234', 'zip3', '406'],
    [17.6, 'age-top-coded-90', 17],
    [90, 'age-top-coded-90', '90+'],
    [104, 'age-top-coded-90', '90+'],
  ] as const)('%p at %s → %p', (value, granularity, expected) => {
    expect(generalise(value, granularity)).toEqual(expected);
  });

  it.each([
    ['Smith', 'year'],
    [20140506, 'year-month'],
    ['4060', 'zip3'],
    ['seventeen', 'age-top-coded-90'],
    [-1, 'age-top-coded-90'],
  ] as const)('withholds %p, which cannot be generalised to %s', (value, granularity) => {
    expect(generalise(value, granularity)).toBeUndefined();
  });

  it('never releases a full date under a coarser granularity', () => {
    const coarser = GRANULARITIES.filter((granularity) => granularity !== 'as-recorded');
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.constantFrom(...coarser), (date, granularity) => {
        const iso = date.toISOString().slice(0, 10);
        const released = generalise(iso, granularity);
        expect(String(released ?? '')).not.toContain(iso);
        expect(String(released ?? '').length).toBeLessThanOrEqual(7);
      }),
    );
  });
});

describe('releasedFields', () => {
  const student = { studentUniqueId: 'GB-1001', firstName: 'Ada', lastSurname: 'Lovelace', birthDate: '2014-05-06', birthCity: 'Frankfort' };

  it('keeps only the allowed elements of the record’s own domain, generalised', () => {
    const allowed = [
      { domain: 'edfi.student', element: 'studentUniqueId', granularity: 'as-recorded' },
      { domain: 'edfi.student', element: 'birthDate', granularity: 'year' },
      { domain: 'edfi.studentSchoolAssociation', element: 'firstName', granularity: 'as-recorded' },
      { domain: 'edfi.student', element: 'middleName', granularity: 'as-recorded' },
    ] as const;
    expect(releasedFields('edfi.student', student, allowed)).toEqual({ studentUniqueId: 'GB-1001', birthDate: '2014' });
  });

  it('releases nothing when nothing is allowed', () => {
    expect(releasedFields('edfi.student', student, [])).toEqual({});
  });
});
