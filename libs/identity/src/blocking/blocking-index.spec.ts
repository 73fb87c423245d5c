import fc from 'fast-check';
import { BlockingIndex } from './blocking-index';

describe('BlockingIndex', () => {
  it('files each entity once per key', () => {
    const index = new BlockingIndex(10);
    index.add(42, 1);
    index.add(42, 1);
    index.add(42, 2);
    const found: number[] = [];
    expect(index.collect(42, found)).toBe(2);
    expect(found.sort()).toEqual([1, 2]);
    expect(index.postingCount).toBe(2);
  });

  it('skips a key shared by more entities than the block size, and stops filing under it', () => {
    const index = new BlockingIndex(3);
    for (let entity = 0; entity < 10; entity++) index.add(7, entity);
    const found = [99];
    expect(index.collect(7, found)).toBe(-1);
    expect(found).toEqual([99]);
    expect(index.postingCount).toBe(4);
  });

  it('keeps a key usable that shares its low bits with a saturated key, and saturates negative fingerprints too', () => {
    const index = new BlockingIndex(2);
    for (let entity = 0; entity < 5; entity++) index.add(7, entity);
    index.add(7 + 2 ** 16, 1);
    index.add(7 - 2 ** 16, 2);
    expect(index.collect(7, [])).toBe(-1);
    expect(index.collect(7 + 2 ** 16, [])).toBe(1);
    expect(index.collect(7 - 2 ** 16, [])).toBe(1);
    for (let entity = 0; entity < 5; entity++) index.add(-5, entity);
    expect(index.collect(-5, [])).toBe(-1);
    expect(index.postingCount).toBe(3 + 2 + 3);
  });

  it('keeps a block at the limit usable', () => {
    const index = new BlockingIndex(3);
    for (let entity = 0; entity < 3; entity++) index.add(7, entity);
    expect(index.collect(7, [])).toBe(3);
  });

  it('returns nothing for an unknown key and keeps colliding buckets apart', () => {
    const index = new BlockingIndex(10);
    for (let key = 0; key < 3_000; key++) index.add(key * 4_096, key);
    expect(index.collect(1, [])).toBe(0);
    const found: number[] = [];
    index.collect(5 * 4_096, found);
    expect(found).toEqual([5]);
  });

  it('answers as a plain map of blocks would, with saturated keys frozen and skipped', () => {
    const operation = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 12 }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(operation, { maxLength: 300 }), (maxBlockSize, operations) => {
        const index = new BlockingIndex(maxBlockSize);
        const blocks = new Map<number, number[]>();
        for (const [isAdd, key, entity] of operations) {
          const block = blocks.get(key) ?? [];
          if (isAdd) {
            if (!block.includes(entity) && block.length <= maxBlockSize) blocks.set(key, [entity, ...block]);
            index.add(key, entity);
          } else {
            const found: number[] = [];
            const count = index.collect(key, found);
            if (block.length > maxBlockSize) expect([count, found]).toEqual([-1, []]);
            else expect([count, found]).toEqual([block.length, block]);
          }
        }
      }),
    );
  });
});
