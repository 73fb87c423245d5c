import fc from 'fast-check';
import { memoised } from './memo';

describe('memoised', () => {
  it('answers every text as the function does, undefined results and a full memo included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 200 }), fc.integer({ min: 1, max: 8 }), (texts, capacity) => {
        const calls: string[] = [];
        const parse = (text: string): number | undefined => {
          calls.push(text);
          return text.length % 2 === 0 ? undefined : text.length;
        };
        const remembered = memoised(parse, capacity);
        for (const text of texts) expect(remembered(text)).toBe(text.length % 2 === 0 ? undefined : text.length);
        expect(calls.length).toBeLessThanOrEqual(texts.length);
      }),
    );
  });

  it('computes a repeated text once while the memo holds it', () => {
    let calls = 0;
    const remembered = memoised((text: string) => {
      calls++;
      return text.toUpperCase();
    }, 4);
    for (let round = 0; round < 5; round++) expect(['a', 'b', 'a', 'c'].map(remembered)).toEqual(['A', 'B', 'A', 'C']);
    expect(calls).toBe(3);
  });
});
