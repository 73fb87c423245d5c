import fc from 'fast-check';
import { suppressSmallCells } from './cell-suppression';

describe('small-cell suppression', () => {
  it('withholds counts from 1 to n − 1, shows zero and larger counts', () => {
    expect(suppressSmallCells([{ key: 'a', count: 0 }, { key: 'b', count: 3 }, { key: 'c', count: 11 }], 11)).toEqual([
      { key: 'a', count: 0, suppressed: false },
      { key: 'b', count: null, suppressed: true },
      { key: 'c', count: 11, suppressed: false },
    ]);
  });

  it('refuses a meaningless threshold', () => {
    expect(() => suppressSmallCells([], 0)).toThrow('minimumCellSize');
  });

  it('never releases a small count, and releases every other count unchanged, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.string(), count: fc.nat(40) })), fc.integer({ min: 1, max: 20 }), (cells, threshold) => {
        const released = suppressSmallCells(cells, threshold);
        expect(released.map((cell) => cell.key)).toEqual(cells.map((cell) => cell.key));
        released.forEach((cell, index) => {
          const small = cells[index].count > 0 && cells[index].count < threshold;
          expect(cell.suppressed).toBe(small);
          expect(cell.count).toBe(small ? null : cells[index].count);
        });
      }),
    );
  });
});
