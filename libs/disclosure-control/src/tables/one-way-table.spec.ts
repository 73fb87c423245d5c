import { DisclosureControlError, SUPPRESSED } from '../values';
import { protectOneWayTable } from './one-way-table';

const table = (counts: number[]) => ({ title: 'Students by program', labels: counts.map((_, index) => `program ${index + 1}`), counts });

describe('protectOneWayTable', () => {
  it('releases counts without small ones as they are, with the total', () => {
    expect(protectOneWayTable(table([12, 0, 40]))).toMatchObject({ counts: [12, 0, 40], total: 52, suppressions: [] });
  });

  it('withholds the smallest other non-zero count with a lone small count', () => {
    const protectedTable = protectOneWayTable(table([40, 4, 0, 15, 22]));
    expect(protectedTable.counts).toEqual([40, SUPPRESSED, 0, SUPPRESSED, 22]);
    expect(protectedTable.total).toBe(81);
    expect(protectedTable.suppressions).toEqual([
      { position: 1, kind: 'primary', reason: '"program 2" is from 1 to 10' },
      { position: 3, kind: 'complementary', reason: 'withheld with "program 2", which the total would otherwise reveal' },
    ]);
    expect(protectedTable.report).toEqual({ title: 'Students by program', shape: '5 counts with total', threshold: 10, counts: 6, suppressedCounts: 2 });
  });

  it('needs no complement when two counts are small', () => {
    expect(protectOneWayTable(table([3, 40, 7])).counts).toEqual([SUPPRESSED, 40, SUPPRESSED]);
  });

  it('withholds a small total, and the small count it then equals', () => {
    const protectedTable = protectOneWayTable(table([0, 25, 0]), { threshold: 30 });
    expect(protectedTable).toMatchObject({ counts: [0, SUPPRESSED, 0], total: SUPPRESSED });
    expect(protectedTable.suppressions.map(({ kind }) => kind)).toEqual(['primary', 'primary']);
    expect(protectOneWayTable(table([0, 25, 0]), { threshold: 20 })).toMatchObject({ counts: [0, 25, 0], total: 25 });
  });

  it('refuses counts that do not fit the labels', () => {
    expect(() => protectOneWayTable({ title: 't', labels: ['a'], counts: [1, 2] })).toThrow(DisclosureControlError);
    expect(() => protectOneWayTable({ title: 't', labels: [], counts: [] })).toThrow(DisclosureControlError);
  });
});
