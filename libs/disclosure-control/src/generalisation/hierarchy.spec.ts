import { DisclosureControlError, SUPPRESSED } from '../values';
import { gradeBandHierarchy } from './grade-bands';
import { fixedHierarchy, numericBandHierarchy, suppressOnlyHierarchy, valueMapHierarchy } from './hierarchy';

describe('generalisation hierarchies', () => {
  const schools = valueMapHierarchy('school', [
    { level: 'district', map: { 'school-1': 'district-a', 'school-2': 'district-a', 'school-3': 'district-b' } },
    { level: 'region', map: { 'district-a': 'north', 'district-b': 'north' } },
  ]);

  it('maps school → district → region → suppressed, one lookup table per level', () => {
    expect(schools.levels).toEqual(['school', 'district', 'region', 'suppressed']);
    expect([0, 1, 2, 3].map((level) => schools.generalise('school-3', level))).toEqual(['school-3', 'district-b', 'north', SUPPRESSED]);
  });

  it('looks numeric codes up by their text', () => {
    expect(valueMapHierarchy('schoolId', [{ level: 'district', map: { '255901001': '255901' } }]).generalise(255901001, 1)).toBe('255901');
  });

  it('refuses a value missing from a map, without naming the value', () => {
    expect(() => schools.generalise('school-9', 1)).toThrow(new DisclosureControlError('a value of school has no district in its hierarchy'));
    expect(() => valueMapHierarchy('school', [{ level: 'district', map: {} }]).generalise('constructor', 1)).toThrow(DisclosureControlError);
  });

  it('bands numbers in nested bands, default 5 then 10 wide', () => {
    const birthYears = numericBandHierarchy('birthYear');
    expect(birthYears.levels).toEqual(['birthYear', 'birthYear in bands of 5', 'birthYear in bands of 10', 'suppressed']);
    expect([0, 1, 2, 3].map((level) => birthYears.generalise(2007, level))).toEqual([2007, '2005-2009', '2000-2009', SUPPRESSED]);
    expect(birthYears.generalise('2012', 1)).toBe('2010-2014');
    expect(numericBandHierarchy('age', [3]).generalise(17.5, 1)).toBe('15-17');
  });

  it('refuses bands that would not nest and values that are not numbers', () => {
    expect(() => numericBandHierarchy('age', [5, 12])).toThrow('each band width must be a multiple of the one before');
    expect(() => numericBandHierarchy('age', [1])).toThrow('a band width must be an integer of at least 2');
    expect(() => numericBandHierarchy('age').generalise('unknown', 1)).toThrow('a value of age is not a number');
    expect(() => numericBandHierarchy('age').generalise(true, 1)).toThrow(DisclosureControlError);
  });

  it('bands grades from Ed-Fi descriptors and short codes', () => {
    const grades = gradeBandHierarchy();
    expect(grades.levels).toEqual(['grade', 'grade band', 'suppressed']);
    const band = (grade: string | number) => grades.generalise(grade, 1);
    expect(['Kindergarten', 'K', 'uri://ed-fi.org/GradeLevelDescriptor#Second grade'].map(band)).toEqual(['K-2', 'K-2', 'K-2']);
    expect([3, '05', 'Fourth grade'].map(band)).toEqual(['3-5', '3-5', '3-5']);
    expect(['06', 'eighth grade'].map(band)).toEqual(['6-8', '6-8']);
    expect(['uri://ed-fi.org/GradeLevelDescriptor#Twelfth grade', '9'].map(band)).toEqual(['9-12', '9-12']);
    expect(grades.generalise('uri://ed-fi.org/GradeLevelDescriptor#Tenth grade', 0)).toBe('uri://ed-fi.org/GradeLevelDescriptor#Tenth grade');
    expect(() => band('Postsecondary')).toThrow('a value of grade is not a grade from PK to 12');
  });

  it('keeps a missing value missing below the top, where everything is suppressed', () => {
    for (const hierarchy of [schools, numericBandHierarchy('age'), gradeBandHierarchy(), suppressOnlyHierarchy('sex')]) {
      const top = hierarchy.levels.length - 1;
      for (let level = 0; level < top; level++) expect(hierarchy.generalise(null, level)).toBeNull();
      expect(hierarchy.generalise(null, top)).toBe(SUPPRESSED);
    }
  });

  it('suppress-only has two levels', () => {
    const sex = suppressOnlyHierarchy('sex');
    expect(sex.levels).toEqual(['sex', 'suppressed']);
    expect([sex.generalise('F', 0), sex.generalise('F', 1)]).toEqual(['F', SUPPRESSED]);
    expect(() => sex.generalise('F', 2)).toThrow('level 2 is not in the hierarchy sex → suppressed');
  });

  it('fixed has one level, as recorded, and is never suppressed', () => {
    const history = fixedHierarchy('history');
    expect(history.levels).toEqual(['history']);
    expect([history.generalise('a1b2', 0), history.generalise(null, 0)]).toEqual(['a1b2', null]);
    expect(() => history.generalise('a1b2', 1)).toThrow('level 1 is not in the hierarchy history, which has no level above as recorded');
  });
});
