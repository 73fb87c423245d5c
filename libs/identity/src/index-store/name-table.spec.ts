import { normaliseName } from '../normalisation/names';
import { MISSING_NAME, NameTable } from './name-table';

describe('NameTable', () => {
  const names = new NameTable();
  const intern = (raw: string): number => names.intern(normaliseName(raw));

  it('gives one id per normalised name and id 0 to a missing one', () => {
    expect(intern('García')).toBe(intern('GARCIA'));
    expect(intern('')).toBe(MISSING_NAME);
  });

  it('compares names written with and without spaces as one joined name', () => {
    expect(names.joined(intern('Mac Donald'))).toBe(names.joined(intern('MacDonald')));
    expect(names.phonetic(intern('Mac Donald'))).toBe(names.phonetic(intern('MacDonald')));
  });

  it('keeps the distinctive parts of compound names', () => {
    expect(names.parts(intern('de la Cruz-García'))?.map((part) => names.text(part))).toEqual(['cruz', 'garcia']);
    expect(names.parts(intern('Smith'))).toBeUndefined();
  });

  it('knows the formal names behind a nickname, also as the first of several given names', () => {
    expect(names.formals(intern('Bill')).map((formal) => names.text(formal))).toEqual(['william']);
    expect(names.formals(intern('Mary Ann')).map((formal) => names.text(formal))).toEqual(['mary']);
    expect(names.areNicknameVariants(intern('Peggy'), intern('Margaret'))).toBe(true);
    expect(names.areNicknameVariants(intern('Peggy'), intern('Mary'))).toBe(false);
  });
});
