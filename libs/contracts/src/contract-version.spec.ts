import { parseContractVersion, publishedVersionAccepts } from './contract-version';

describe('contract versions', () => {
  it('parses semantic versions and refuses anything else', () => {
    expect(parseContractVersion('1.10.0')).toEqual({ major: 1, minor: 10, patch: 0 });
    expect(() => parseContractVersion('1.0')).toThrow('not a semantic version');
    expect(() => parseContractVersion('01.0.0')).toThrow('not a semantic version');
  });

  it.each([
    ['1.2.3', '1.2.3', true],
    ['1.2.3', '1.2.0', true],
    ['1.2.3', '1.0.9', true],
    ['1.10.0', '1.9.0', true],
    ['1.2.3', '1.2.4', false],
    ['1.2.3', '1.3.0', false],
    ['1.2.3', '0.9.0', false],
    ['2.0.0', '1.0.0', false],
  ])('published %s accepts records claiming %s: %s', (published, claimed, accepted) => {
    expect(publishedVersionAccepts(published, claimed)).toBe(accepted);
  });
});
