import { addressKey, ConcurrencyLimit, ConcurrencyLimitReached, WindowLimit } from './request-limits';

describe('WindowLimit', () => {
  let now: number;
  const limitOf = (limit: number, maxKeys?: number) => new WindowLimit({ limit, windowSeconds: 60, maxKeys }, () => now);
  beforeEach(() => {
    now = Date.UTC(2026, 10, 23, 9, 0, 0);
  });

  it('lets a key take its limit in a window, then says how long until the window ends', () => {
    const limit = limitOf(3);
    expect([limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([undefined, undefined, undefined]);
    now += 20_500;
    expect(limit.take('a')).toBe(40);
    expect(limit.exhausted('a')).toBe(40);
    expect(limit.take('b')).toBeUndefined();
    now += 39_500;
    expect(limit.take('a')).toBeUndefined();
  });

  it('counts without taking when asked only whether a key is exhausted, and takes back a released event', () => {
    const limit = limitOf(1);
    expect(limit.exhausted('a')).toBeUndefined();
    expect(limit.take('a')).toBeUndefined();
    limit.release('a');
    expect(limit.exhausted('a')).toBeUndefined();
    expect(limit.take('a')).toBeUndefined();
    expect(limit.exhausted('a')).toBe(60);
  });

  it('forgets the oldest window when callers invent more keys than it tracks', () => {
    const limit = limitOf(1, 2);
    limit.take('first');
    now += 1000;
    limit.take('second');
    limit.take('third');
    expect(limit.exhausted('first')).toBeUndefined();
    expect(limit.exhausted('second')).toBe(60);
    expect(limit.exhausted('third')).toBe(60);
  });
});

describe('ConcurrencyLimit', () => {
  /** Work that runs until the test lets it finish. */
  function heldWork(log: { running: number; most: number }) {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const work = async () => {
      log.running++;
      log.most = Math.max(log.most, log.running);
      await done;
      log.running--;
    };
    return { work, finish };
  }

  it('runs at most N at once, queues up to its bound and refuses the rest', async () => {
    const limit = new ConcurrencyLimit(2, 1);
    const log = { running: 0, most: 0 };
    const held = [heldWork(log), heldWork(log), heldWork(log)];
    const runs = held.map(({ work }) => limit.run(work));
    await expect(limit.run(async () => 'refused?')).rejects.toBeInstanceOf(ConcurrencyLimitReached);
    await Promise.resolve();
    expect(log.running).toBe(2);
    held[0].finish();
    await runs[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.running).toBe(2);
    held[1].finish();
    held[2].finish();
    await Promise.all(runs);
    expect(log.most).toBe(2);
    await expect(limit.run(async () => 'free again')).resolves.toBe('free again');
  });

  it('frees the slot of work that failed', async () => {
    const limit = new ConcurrencyLimit(1, 0);
    await expect(limit.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow('scrypt failed');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('addressKey', () => {
  it('limits IPv4 (also IPv4-mapped) per address and IPv6 per /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:0db8:0000:0001:ffff:ffff:ffff:fffe')).toBe('2001:db8:0:1::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
