import fc from 'fast-check';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CsvCell, CsvFile, csvField, renderCells } from './csv-file';

/** Characters that make a spreadsheet run a text cell as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 record (no line break after it) as its fields; throws on anything RFC 4180 does not allow. */
function parseRecord(record: string): string[] {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (record[at] === '"') {
      let value = '';
      for (at += 1; ; at += 1) {
        if (at >= record.length) throw new Error('unterminated quoted field');
        if (record[at] !== '"') value += record[at];
        else if (record[at + 1] === '"') value += record[(at += 1)];
        else break;
      }
      fields.push(value);
      at += 1;
    } else {
      const end = record.indexOf(',', at);
      const value = record.slice(at, end === -1 ? record.length : end);
      if (/["\r\n]/.test(value)) throw new Error(`unquoted field with a quote or line break: ${JSON.stringify(value)}`);
      fields.push(value);
      at += value.length;
    }
    if (at === record.length) return fields;
    if (record[at] !== ',') throw new Error(`text after a quoted field at ${at}`);
    at += 1;
  }
}

/** Any text, often starting with what a spreadsheet would run. */
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string({ unit: 'binary' })).map(([start, rest]) => start + rest),
);
const cell: fc.Arbitrary<CsvCell> = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));

describe('CSV cells in extract packages', () => {
  it('round-trips any text through an RFC 4180 parse, to itself or, if a spreadsheet would run it, to its neutralised form', () => {
    fc.assert(
      fc.property(text, (value) => {
        const [parsed, ...rest] = parseRecord(csvField(value));
        expect(rest).toEqual([]);
        expect(parsed).toBe(FORMULA_START.test(value) ? `'${value}` : value);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every cell of a row in its own field, and starts no field with a formula character unless the cell is a number', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (row) => {
        const fields = row.map(csvField);
        const parsed = parseRecord(fields.join(','));
        expect(parsed).toHaveLength(row.length);
        row.forEach((value, index) => {
          if (typeof value === 'number') {
            expect(parsed[index]).toBe(String(value));
            // -0 is written 0; NaN is written NaN.
            expect(Number(parsed[index]) === value || (Number.isNaN(value) && parsed[index] === 'NaN')).toBe(true);
          } else {
            expect(FORMULA_START.test(fields[index])).toBe(false);
            expect(FORMULA_START.test(parsed[index])).toBe(false);
            expect(parsed[index]).toBe(value === null ? '' : String(value).replace(FORMULA_START, (start) => `'${start}`));
          }
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('writes a row ending with cells rendered once exactly as the whole row written cell by cell', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'lantern-csv-'));
    try {
      await fc.assert(
        fc.asyncProperty(cell, fc.array(cell, { maxLength: 6 }), async (first, rest) => {
          const [whole, shared] = [await CsvFile.open(directory, 'whole.csv', ['a']), await CsvFile.open(directory, 'shared.csv', ['a'])];
          await whole.write([first, ...rest]);
          await shared.writeEndingWith(first, renderCells(rest));
          const [a, b] = [await whole.close(), await shared.close()];
          expect({ ...b, name: a.name }).toEqual(a);
          expect(await readFile(path.join(directory, 'shared.csv'), 'utf8')).toBe(await readFile(path.join(directory, 'whole.csv'), 'utf8'));
        }),
        { numRuns: 200 },
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('writes formulas as quoted text with a leading quote, and numbers, negative ones too, as numbers', async () => {
    expect(['=HYPERLINK("http://x.test","open")', '@SUM(A1:A9)', '+1', '-2', '\tcmd', '\rcmd', 'a=b', 'a,b', ''].map(csvField)).toEqual([
      `"'=HYPERLINK(""http://x.test"",""open"")"`,
      `"'@SUM(A1:A9)"`,
      `"'+1"`,
      `"'-2"`,
      `"'\tcmd"`,
      `"'\rcmd"`,
      'a=b',
      '"a,b"',
      '',
    ]);
    const directory = await mkdtemp(path.join(tmpdir(), 'lantern-csv-'));
    try {
      const file = await CsvFile.open(directory, 'scores.csv', ['pseudonym', 'score', 'note']);
      await file.write(['P1', -2.5, '=1+1']);
      await file.write(['P2', -7, null]);
      await file.close();
      expect(await readFile(path.join(directory, 'scores.csv'), 'utf8')).toBe(`pseudonym,score,note\r\nP1,-2.5,"'=1+1"\r\nP2,-7,\r\n`);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('rejects opening a file in a directory that is gone, as a build whose attempt directory was removed meets it', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'lantern-csv-'));
    await rm(directory, { recursive: true });
    await expect(CsvFile.open(directory, 'persons.csv', ['pseudonym'])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
