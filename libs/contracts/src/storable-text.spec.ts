import fc from 'fast-check';
import { storableText, UNSTORABLE_TEXT } from './storable-text';

/** Any UTF-16 text, with NULs, other control characters and lone surrogates well represented. */
const outsideText = fc
  .array(fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\u001b', '\u009f', '\\u0000', 'é', '😀')), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('storableText', () => {
  it('never holds a NUL or a lone surrogate, and stays within its bound', () => {
    fc.assert(
      fc.property(outsideText, fc.integer({ min: 64, max: 2000 }), (text, bound) => {
        const stored = storableText(text, bound);
        expect(stored).not.toMatch(UNSTORABLE_TEXT);
        expect(stored.length).toBeLessThanOrEqual(bound);
        // What PostgreSQL receives: UTF-8 that decodes back to the same text.
        expect(Buffer.from(stored, 'utf8').toString('utf8')).toBe(stored);
      }),
    );
  });

  it('leaves printable text under the bound as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        // eslint-disable-next-line no-control-regex -- printable means none of these
        fc.pre(!/[\u0000-\u001f\u007f-\u009f]/.test(text));
        expect(storableText(text)).toBe(text);
      }),
    );
  });

  it('writes a NUL in a field name as an escape a steward can read', () => {
    expect(storableText('/record/first\u0000Name')).toBe('/record/first\\u0000Name');
    expect(storableText('x'.repeat(5000), 100)).toMatch(/^x+ … \(\d+ more characters\)$/);
  });
});

