import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

/** Reverses key order at every level: the same value written another way. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, member]) => [key, reordered(member)]),
  );
}

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves out whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: -0.5 } })).toBe('{"a":{"c":-0.5,"d":[true,null,"x"]},"b":1}');
  });

  it('gives the same text whatever the key order', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => canonicalJson(reordered(value)) === canonicalJson(value)));
  });

  it('reads back to the same text, so a stored entry hashes as it did when written', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => canonicalJson(JSON.parse(canonicalJson(value))) === canonicalJson(value)));
  });

  it('leaves out undefined members as JSON does, and writes dates as JSON does', () => {
    expect(canonicalJson({ kept: 1, dropped: undefined, at: new Date('2026-01-02T03:04:05Z') })).toBe('{"at":"2026-01-02T03:04:05.000Z","kept":1}');
  });

  it.each([NaN, Infinity, BigInt(1), () => 1])('refuses %p rather than change it', (value) => {
    expect(() => canonicalJson({ value })).toThrow('has no JSON form');
  });
});
