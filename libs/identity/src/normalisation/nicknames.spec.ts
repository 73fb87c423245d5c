import { areNicknameVariants, formalNames, nicknamesOf } from './nicknames';

describe('nicknames', () => {
  it.each([
    ['bill', 'william'],
    ['liz', 'elizabeth'],
    ['beth', 'liz'],
    ['peggy', 'margaret'],
    ['chuck', 'charlie'],
  ])('%s and %s are variants of one name', (a, b) => {
    expect(areNicknameVariants(a, b)).toBe(true);
    expect(areNicknameVariants(b, a)).toBe(true);
  });

  it.each([
    ['william', 'robert'],
    ['mary', 'margaret'],
    ['zebulon', 'william'],
  ])('%s and %s are different names', (a, b) => {
    expect(areNicknameVariants(a, b)).toBe(false);
  });

  it('maps an ambiguous nickname to every formal name', () => {
    expect(formalNames('al')).toEqual(expect.arrayContaining(['alan', 'albert', 'alexander', 'alfred']));
    expect(formalNames('zebulon')).toBeUndefined();
    expect(formalNames('william')).toEqual(['william']);
  });

  it('holds a few hundred pairs', () => {
    const pairs = ['william', 'elizabeth', 'margaret'].reduce((total, formal) => total + nicknamesOf(formal).length, 0);
    expect(pairs).toBeGreaterThan(20);
  });
});
