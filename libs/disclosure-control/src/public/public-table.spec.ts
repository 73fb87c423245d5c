import { DisclosureControlError, SUPPRESSED } from '../values';
import { protectPublicTable, type PublicCell, type PublicTable } from './public-table';

const rate = (key: string, n: number, numerator: number, published = true): PublicCell => ({ key, n, numerator, value: n > 0 ? numerator / n : null, kind: 'rate', published });
const byKey = (result: ReturnType<typeof protectPublicTable>) => new Map(result.cells.map((cell) => [cell.key, cell]));

describe('protectPublicTable', () => {
  it('withholds a group of 10 students and, so that the total does not give it away, the next-smallest group', () => {
    const table: PublicTable = {
      title: 'graduation, school A',
      cells: [rate('all', 120, 96), rate('asian', 10, 9), rate('hispanic', 45, 36), rate('white', 65, 51)],
      margins: [{ total: 'all', parts: ['asian', 'hispanic', 'white'] }],
    };
    const cells = byKey(protectPublicTable(table));
    expect(cells.get('asian')).toEqual({ key: 'asian', kind: 'rate', n: SUPPRESSED, value: SUPPRESSED, reason: 'below-minimum-n' });
    expect(cells.get('hispanic')).toEqual({ key: 'hispanic', kind: 'rate', n: SUPPRESSED, value: SUPPRESSED, reason: 'complementary' });
    expect(cells.get('white')).toEqual({ key: 'white', kind: 'rate', n: 65, value: 51 / 65 });
    expect(cells.get('all')).toEqual({ key: 'all', kind: 'rate', n: 120, value: 0.8 });
  });

  it('publishes a group of exactly the minimum n, and zero as zero', () => {
    const table: PublicTable = { title: 't', cells: [rate('all', 11, 5), rate('foster', 0, 0)], margins: [] };
    expect(byKey(protectPublicTable(table))).toEqual(
      new Map([
        ['all', { key: 'all', kind: 'rate', n: 11, value: 5 / 11 }],
        ['foster', { key: 'foster', kind: 'rate', n: 0, value: null }],
      ]),
    );
  });

  it('codes rates near 0 % and 100 % by the band of their n, and withholds a sibling rate so the coded one cannot be subtracted out', () => {
    const table: PublicTable = {
      title: 'graduation, school B',
      cells: [rate('all', 400, 330), rate('female', 40, 39), rate('male', 360, 291), rate('el', 150, 148), rate('swd', 320, 2)],
      margins: [{ total: 'all', parts: ['female', 'male'] }],
    };
    const cells = byKey(protectPublicTable(table));
    expect(cells.get('female')).toMatchObject({ n: 40, value: { atLeast: 0.95 }, reason: 'top-coded' });
    // 148 / 150 = 98.7 %: n 100–299 codes at 98 %.
    expect(cells.get('el')).toMatchObject({ n: 150, value: { atLeast: 0.98 }, reason: 'top-coded' });
    // 2 / 320 = 0.6 %: from n 300 codes at 1 %.
    expect(cells.get('swd')).toMatchObject({ n: 320, value: { atMost: 0.01 }, reason: 'bottom-coded' });
    // Male's 291 and the total's 330 would give female's 39: male's rate is withheld, its n is not.
    expect(cells.get('male')).toEqual({ key: 'male', kind: 'rate', n: 360, value: SUPPRESSED, reason: 'complementary-value' });
    expect(cells.get('all')).toEqual({ key: 'all', kind: 'rate', n: 400, value: 330 / 400 });
  });

  it('does not code means or medians, and protects only their n', () => {
    const table: PublicTable = {
      title: 'growth',
      cells: [
        { key: 'all', n: 30, value: 0.99, kind: 'mean' },
        { key: 'a', n: 12, value: 1, kind: 'mean' },
        { key: 'b', n: 18, value: 0, kind: 'mean' },
      ],
      margins: [{ total: 'all', parts: ['a', 'b'] }],
    };
    expect(protectPublicTable(table).cells.map(({ value }) => value)).toEqual([0.99, 1, 0]);
  });

  it('counts an unpublished member (sex not reported) as unknown to the reader, and never shows it', () => {
    const table: PublicTable = {
      title: 't',
      cells: [rate('all', 60, 30), rate('female', 5, 2), rate('male', 52, 26), rate('not reported', 3, 2, false)],
      margins: [{ total: 'all', parts: ['female', 'male', 'not reported'] }],
    };
    const result = protectPublicTable(table);
    // Female's 5 is hidden by the 3 not reported: 60 − 52 = 8 = female + not reported.
    expect(result.cells.map(({ key, n }) => [key, n])).toEqual([
      ['all', 60],
      ['female', SUPPRESSED],
      ['male', 52],
    ]);
  });

  it('pins down no count through a combination of margins that each have two withheld counts (elimination, not subtraction alone)', () => {
    // Rows r1–r4 × columns c1–c4 with totals; small: the block r1–r2 × c1–c2, r1c3 and the block r3–r4 × c3–c4.
    // Every line has two or more withheld counts, yet rows r3 + r4 − column c4 give r3c3 + r4c3, and column c3 then r1c3.
    const counts = [
      [3, 4, 5, 40],
      [6, 7, 50, 60],
      [70, 80, 6, 7],
      [90, 20, 8, 9],
    ];
    const cells: PublicCell[] = [];
    const margins = [];
    const key = (row: number | 'T', column: number | 'T') => `${row}/${column}`;
    counts.forEach((row, r) => row.forEach((count, c) => cells.push({ key: key(r, c), n: count, value: null, kind: 'count' })));
    counts.forEach((row, r) => cells.push({ key: key(r, 'T'), n: row.reduce((a, b) => a + b), value: null, kind: 'count' }));
    counts[0].forEach((_, c) => cells.push({ key: key('T', c), n: counts.reduce((a, row) => a + row[c], 0), value: null, kind: 'count' }));
    cells.push({ key: key('T', 'T'), n: counts.flat().reduce((a, b) => a + b), value: null, kind: 'count' });
    for (const r of [0, 1, 2, 3, 'T' as const]) margins.push({ total: key(r, 'T'), parts: [0, 1, 2, 3].map((c) => key(r, c)) });
    for (const c of [0, 1, 2, 3, 'T' as const]) margins.push({ total: key('T', c), parts: [0, 1, 2, 3].map((r) => key(r, c)) });
    const table = { title: 'bridge', cells, margins };

    const withheld = (result: ReturnType<typeof protectPublicTable>) => result.cells.filter(({ n }) => n === SUPPRESSED).map(({ key }) => key);
    // Subtraction alone withholds only the primary cells, leaving r1c3 pinned down.
    const bySubtraction = protectPublicTable(table, { exactCheckLimit: 0 });
    expect(withheld(bySubtraction)).toEqual(['0/0', '0/1', '0/2', '1/0', '1/1', '2/2', '2/3', '3/2', '3/3']);
    expect(bySubtraction.report.uncheckedByElimination).toBe(9);
    // Elimination finds it, and r1's next-smallest count (r1c4) closes it into a cycle through r3 and r4.
    const result = protectPublicTable(table);
    expect(withheld(result)).toEqual(['0/0', '0/1', '0/2', '0/3', '1/0', '1/1', '2/2', '2/3', '3/2', '3/3']);
    expect(result.report.uncheckedByElimination).toBe(0);
  });

  it('refuses settings and tables it cannot protect', () => {
    expect(() => protectPublicTable({ title: 't', cells: [], margins: [] }, { minimumN: 0 })).toThrow(DisclosureControlError);
    expect(() => protectPublicTable({ title: 't', cells: [], margins: [] }, { rateCoding: [{ fromN: 5, top: 0.9, bottom: 0.1 }] })).toThrow(DisclosureControlError);
    expect(() => protectPublicTable({ title: 't', cells: [rate('a', 20, 1)], margins: [{ total: 'a', parts: ['b'] }] })).toThrow(/not in the table/);
  });
});
