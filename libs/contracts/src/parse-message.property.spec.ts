import fc from 'fast-check';
import { ContractRegistry } from './contract-registry';
import { parseMessage, type ParsedMessage } from './parse-message';
import { UNSTORABLE_TEXT } from './storable-text';
import { examplesOf, leafPointers, messageBytes, reorderProperties, requiredFieldPointers, withValueAt } from './testing/records';

const registry = ContractRegistry.load();
const limits = { maxBytes: 16 * 1024 };
const examples = examplesOf(registry);
const anExample = fc.constantFrom(...examples);

/** Every name and string in a JSON value, as JavaScript holds them (JSON.stringify would escape the characters looked for). */
function textsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, child]) => [name, ...textsIn(child)]);
}

function expectOneWellFormedResult(result: ParsedMessage): void {
  if (result.kind === 'accepted') {
    expect(typeof result.naturalKey).toBe('string');
  } else {
    expect(result.kind).toBe('rejected');
    expect(['size', 'decode', 'envelope', 'contract', 'schema']).toContain(result.stage);
    expect(result.errorPath === '' || result.errorPath.startsWith('/')).toBe(true);
    expect(result.message.length).toBeGreaterThan(0);
  }
}

describe('parseMessage properties', () => {
  it('any bytes give exactly one well-formed result and never throw', () => {
    fc.assert(
      fc.property(fc.option(fc.uint8Array({ maxLength: 2048 }), { nil: null }), (bytes) => {
        expectOneWellFormedResult(parseMessage(bytes === null ? null : Buffer.from(bytes), registry, limits));
      }),
      { numRuns: 500 },
    );
  });

  it('any JSON value is read and answered without throwing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseMessage(messageBytes(value), registry, { maxBytes: Number.MAX_SAFE_INTEGER });
        expectOneWellFormedResult(result);
        expect(result.kind).toBe('rejected');
      }),
      { numRuns: 300 },
    );
  });

  it('any envelope with a random record is answered without throwing', () => {
    fc.assert(
      fc.property(anExample, fc.dictionary(fc.string(), fc.jsonValue()), ({ example }, record) => {
        expectOneWellFormedResult(parseMessage(messageBytes({ ...example, record }), registry, limits));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts no name or value PostgreSQL cannot store (U+0000, unpaired surrogates), and says where it is', () => {
    const unstorable = fc.constantFrom('\u0000', '\ud800', '\udc00', 'a\u0000b', '\udbff!');
    const leaves = examples.flatMap(({ example }) => leafPointers(example.record).map((pointer) => ({ example, pointer })));
    fc.assert(
      fc.property(fc.constantFrom(...leaves), unstorable, fc.boolean(), ({ example, pointer }, text, inName) => {
        const record = inName ? { ...(example.record as object), [`x${text}`]: 1 } : withValueAt(example.record, pointer, text);
        const result = parseMessage(messageBytes({ ...example, record }), registry, limits);
        expect(result).toMatchObject({ kind: 'rejected', stage: 'decode' });
        expect(result.kind === 'rejected' && result.errorPath.startsWith('/record/')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('whatever it accepts holds only text PostgreSQL can store', () => {
    const leaves = examples.flatMap(({ example }) => leafPointers(example.record).map((pointer) => ({ example, pointer })));
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...leaves), fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('Ana\u0000', '\ud800x', 'x\udfff')), ({ example, pointer }, text) => {
        const result = parseMessage(messageBytes({ ...example, record: withValueAt(example.record, pointer, text) }), registry, limits);
        if (result.kind !== 'accepted') return;
        accepted += 1;
        expect(textsIn(result.envelope).filter((text) => UNSTORABLE_TEXT.test(text))).toEqual([]);
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('an example without one of its required fields is rejected at stage schema naming that field', () => {
    const cases = examples.flatMap(({ contract, example }) =>
      requiredFieldPointers(registry, contract, example.record).map((pointer) => ({ example, pointer })),
    );
    expect(cases.length).toBeGreaterThan(examples.length * 3);
    fc.assert(
      fc.property(fc.constantFrom(...cases), ({ example, pointer }) => {
        const record = withValueAt(example.record, pointer, undefined);
        const result = parseMessage(messageBytes({ ...example, record }), registry, limits);
        expect(result).toMatchObject({ kind: 'rejected', stage: 'schema', errorPath: `/record${pointer}` });
        expect((result as { message: string }).message).toBe(`/record${pointer} is required`);
      }),
      { numRuns: cases.length * 2 },
    );
  });

  it('the natural key does not depend on the order of properties', () => {
    fc.assert(
      fc.property(anExample, fc.integer(), ({ example }, seed) => {
        // Any deterministic permutation of each object's keys.
        const shuffle = (keys: string[]): string[] =>
          keys
            .map((key, index) => ({ key, rank: Math.sin(seed + index * 7919) }))
            .sort((a, b) => a.rank - b.rank)
            .map(({ key }) => key);
        const original = parseMessage(messageBytes(example), registry, limits);
        const reordered = parseMessage(messageBytes(reorderProperties(example, shuffle)), registry, limits);
        expect(reordered).toMatchObject({ kind: 'accepted', naturalKey: (original as { naturalKey: string }).naturalKey });
      }),
    );
  });

  it('rejections never repeat the value that broke the rule', () => {
    // Tokens no schema, field name or rule contains, so finding one in a message means it was echoed.
    const token = fc.stringMatching(/^[A-Z]{3}[0-9]{3}[A-Z]{6}$/);
    // Shapes that break different rules: type, format, pattern, length.
    const badValue = fc.constantFrom(
      (secret: string) => secret,
      (secret: string) => `${secret}#${secret}`,
      (secret: string) => secret.repeat(40),
    );
    const leafCases = examples.flatMap(({ example }) => leafPointers(example.record).map((pointer) => ({ example, pointer })));
    let rejections = 0;
    fc.assert(
      fc.property(fc.constantFrom(...leafCases), token, badValue, fc.boolean(), ({ example, pointer }, secret, shape, asUnknownField) => {
        const record = asUnknownField
          ? { ...example.record, unexpected: shape(secret) }
          : withValueAt(example.record, pointer, shape(secret));
        const result = parseMessage(messageBytes({ ...example, record }), registry, limits);
        if (result.kind === 'rejected') {
          rejections += 1;
          expect(result.message).not.toContain(secret);
          expect(result.errorPath).not.toContain(secret);
        }
      }),
      { numRuns: 500 },
    );
    expect(rejections).toBeGreaterThan(250);
  });
});
