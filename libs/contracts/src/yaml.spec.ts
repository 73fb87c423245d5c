import { toYaml } from './yaml';

describe('toYaml', () => {
  it('renders nested maps and lists in block style with quoted strings', () => {
    expect(
      toYaml({
        title: 'Lantern: "hub"',
        version: 1,
        closed: true,
        nothing: null,
        $ref: '#/components/x',
        'content type': 'a\nb',
        list: ['a', { key: 'b', other: [] }, ['c']],
        empty: {},
      }),
    ).toBe(
      [
        'title: "Lantern: \\"hub\\""',
        'version: 1',
        'closed: true',
        'nothing: null',
        '$ref: "#/components/x"',
        '"content type": "a\\nb"',
        'list:',
        '  - "a"',
        '  - key: "b"',
        '    other: []',
        '  - - "c"',
        'empty: {}',
        '',
      ].join('\n'),
    );
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => toYaml({ size: Number.NaN })).toThrow(TypeError);
  });
});
