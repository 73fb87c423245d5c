import fc from 'fast-check';
import { Readable } from 'node:stream';
import { CsvParser, parseCsv, readCsv, type CsvItem } from './csv-reader';
import { csvField, csvRecord } from './csv-writer';

const rows = (items: CsvItem[]) => items.map((item) => (item.kind === 'row' ? item.fields : item));
const lines = (items: CsvItem[]) => items.map((item) => [item.kind, item.line, item.lastLine]);

async function readAll(chunks: (Buffer | string)[], maxRecordChars?: number): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const batch of readCsv(Readable.from(chunks, { objectMode: true }), { maxRecordChars })) items.push(...batch.items);
  return items;
}

describe('CsvParser', () => {
  it('reads plain fields, empty fields and a last line without a line break', () => {
    expect(rows(parseCsv('a,b,c\n1,,3\n,,\nx,y,z'))).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['', '', ''],
      ['x', 'y', 'z'],
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    const text = 'id,name,address\r\n1,"Smith, Jane","12 ""Old"" Mill Rd\r\nApt 4"\r\n2,"",""""\r\n';
    expect(rows(parseCsv(text))).toEqual([
      ['id', 'name', 'address'],
      ['1', 'Smith, Jane', '12 "Old" Mill Rd\r\nApt 4'],
      ['2', '', '"'],
    ]);
  });

  it('ends records at CRLF, LF or a lone CR, and counts each as one line', () => {
    const items = parseCsv('h\r\na\rb\nc\r\nd');
    expect(rows(items)).toEqual([['h'], ['a'], ['b'], ['c'], ['d']]);
    expect(items.map((item) => item.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('skips a byte order mark at the start only', () => {
    expect(rows(parseCsv('\uFEFFrecord_id,x\n1,\uFEFF\n'))).toEqual([
      ['record_id', 'x'],
      ['1', '\uFEFF'],
    ]);
  });

  it('skips blank lines, which are not records, and keeps counting lines', () => {
    const items = parseCsv('h\n\n1\r\n\r\n\r\n2\n\n');
    expect(rows(items)).toEqual([['h'], ['1'], ['2']]);
    expect(items.map((item) => item.line)).toEqual([1, 3, 6]);
  });

  it('gives each record the lines it spans, embedded line breaks included', () => {
    const items = parseCsv('h,n\n1,"two\nlines"\n2,"three\r\nlines\rhere"\n3,x\n');
    expect(lines(items)).toEqual([
      ['row', 1, 1],
      ['row', 2, 3],
      ['row', 4, 6],
      ['row', 7, 7],
    ]);
  });

  it('reports a quote inside an unquoted field with its line and reads on', () => {
    const items = parseCsv('h,n\n1,ab"c\n2,ok\n');
    expect(items[1]).toEqual({ kind: 'malformed', line: 2, lastLine: 2, problem: expect.stringContaining('a quote inside a field') });
    expect(items[2]).toEqual({ kind: 'row', fields: ['2', 'ok'], line: 3, lastLine: 3 });
  });

  it('reports text after a closing quote, spanning the lines the record swallowed', () => {
    const items = parseCsv('h,n\n1,"ab\n2,x\n3,y"z\n4,ok\n');
    expect(lines(items)).toEqual([
      ['row', 1, 1],
      ['malformed', 2, 4],
      ['row', 5, 5],
    ]);
    expect(items[1]).toMatchObject({ problem: 'text after the closing quote of a field' });
  });

  it('reports a quoted field still open at the end of the file', () => {
    const items = parseCsv('h,n\n1,ok\n2,"never closed\n3,x\n');
    expect(items.at(-1)).toMatchObject({ kind: 'malformed', line: 3, problem: 'a quoted field is not closed before the end of the file' });
    expect(items).toHaveLength(3);
  });

  it('gives up on an overlong record at the next line break and resumes there, so an open quote cannot swallow the file', () => {
    const body = Array.from({ length: 20 }, (_, index) => `${index + 3},row number ${index + 3}`).join('\n');
    const items = parseCsv(`h,n\n2,"open\n${body}\n`, { maxRecordChars: 60 });
    const malformed = items.filter((item) => item.kind === 'malformed');
    expect(malformed).toEqual([{ kind: 'malformed', line: 2, lastLine: expect.any(Number), problem: expect.stringContaining('longer than 60 characters') }]);
    const resumedAt = malformed[0].lastLine + 1;
    expect(resumedAt).toBeLessThan(10);
    const after = items.filter((item) => item.kind === 'row' && item.line >= resumedAt);
    expect(after.map((item) => item.line)).toEqual(Array.from({ length: 22 - resumedAt + 1 }, (_, index) => resumedAt + index));
    expect(after.at(-1)).toMatchObject({ fields: ['22', 'row number 22'] });
  });

  it('gives up on an overlong unquoted field, also when it runs to the end of a chunk or of the file', async () => {
    const long = 'x'.repeat(70);
    expect(parseCsv(`h,n\n1,${long}\n2,ok\n`, { maxRecordChars: 60 }).map((item) => item.kind)).toEqual(['row', 'malformed', 'row']);
    expect(parseCsv(`h,n\n1,${long}`, { maxRecordChars: 60 }).at(-1)).toMatchObject({ kind: 'malformed', line: 2, problem: expect.stringContaining('longer than 60') });
    const chunked = await readAll(['h,n\n1,', long.slice(0, 30), long.slice(30), '\n2,ok\n'], 60);
    expect(chunked.map((item) => item.kind)).toEqual(['row', 'malformed', 'row']);
    expect(parseCsv(`h,n\n1,${'x'.repeat(56)}\n`, { maxRecordChars: 60 }).at(-1)).toMatchObject({ kind: 'row', fields: ['1', 'x'.repeat(56)] });
  });

  it('reads the same records whatever the chunks, quotes and CRLFs split at every position', () => {
    const text = '\uFEFFa,b\r\n"x,""1""\r\ny",2\r\n3,\r\n';
    const whole = parseCsv(text);
    for (let at = 0; at <= text.length; at++) {
      const parser = new CsvParser();
      expect([...parser.push(text.slice(0, at)), ...parser.push(text.slice(at)), ...parser.end()]).toEqual(whole);
    }
  });
});

describe('readCsv', () => {
  it('decodes UTF-8 split inside a character and counts bytes', async () => {
    const bytes = Buffer.from('name\nZoë Ñúñez\n');
    const chunks = [bytes.subarray(0, 8), bytes.subarray(8, 9), bytes.subarray(9)];
    expect(rows(await readAll(chunks))).toEqual([['name'], ['Zoë Ñúñez']]);
    let total = 0;
    for await (const batch of readCsv(Readable.from(chunks, { objectMode: true }))) total += batch.bytes;
    expect(total).toBe(bytes.length);
  });

  it('says from which batch on the text held U+FFFD, so clean files need not be searched field by field', async () => {
    const batches = [];
    for await (const batch of readCsv(Readable.from([Buffer.from('n\na\n'), Buffer.from([0x5a, 0xeb, 0x0a]), Buffer.from('b\n')], { objectMode: true }))) batches.push(batch.undecodable);
    expect(batches).toEqual([false, true, true, true]);
  });

  it('turns bytes that are not UTF-8 into U+FFFD (for the caller to report)', async () => {
    expect(rows(await readAll([Buffer.from([0x6e, 0x0a, 0x5a, 0x6f, 0xeb, 0x0a])]))).toEqual([['n'], ['Zo\uFFFD']]);
  });
});

describe('csvField', () => {
  it('quotes only what needs quoting', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('\uFEFFbom')).toBe('"\uFEFFbom"');
    expect(csvRecord([''])).toBe('""\r\n');
  });
});

describe('writing then reading CSV', () => {
  const field = fc.string({ unit: fc.oneof(fc.constantFrom(',', '"', '\r', '\n', '\r\n', ' ', '\uFEFF', 'é', '😀'), fc.string({ unit: 'grapheme', maxLength: 3 })), maxLength: 8 });
  const table = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 });

  it('round-trips any rows, with or without a BOM, whatever the byte chunks, and numbers their lines', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), async (records, bom, cuts) => {
        const texts = records.map(csvRecord);
        const bytes = Buffer.from((bom ? '\uFEFF' : '') + texts.join(''));
        const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...offsets].map((start, index, all) => bytes.subarray(start, all[index + 1] ?? bytes.length));

        const items = await readAll(chunks);
        expect(items.map((item) => item.kind)).toEqual(records.map(() => 'row'));
        expect(rows(items)).toEqual(records);
        // Each record starts on the line after the line breaks written before it.
        let line = 1;
        texts.forEach((text, index) => {
          expect(items[index].line).toBe(line);
          line += (text.match(/\r\n|\r|\n/g) ?? []).length;
        });
      }),
      { numRuns: 300 },
    );
  });
});
