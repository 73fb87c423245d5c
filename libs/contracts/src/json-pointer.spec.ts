import fc from 'fast-check';
import { formatJsonPointer, parseJsonPointer, valueAtPointer } from './json-pointer';

describe('JSON Pointer', () => {
  it('round-trips any segments, including ~ and /', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (segments) => {
        expect(parseJsonPointer(formatJsonPointer(segments))).toEqual(segments);
      }),
    );
  });

  it('finds values in objects and arrays, and nothing along missing or inherited paths', () => {
    const document = { 'a/b': { list: [{ 'c~d': 7 }] } };
    expect(valueAtPointer(document, '/a~1b/list/0/c~0d')).toBe(7);
    expect(valueAtPointer(document, '')).toBe(document);
    expect(valueAtPointer(document, '/a~1b/list/1')).toBeUndefined();
    expect(valueAtPointer(document, '/constructor')).toBeUndefined();
    expect(valueAtPointer(document, '/a~1b/list/01')).toBeUndefined();
  });

  it('refuses text that is not a pointer', () => {
    expect(() => parseJsonPointer('a/b')).toThrow('not a JSON Pointer');
  });
});
