import { isIPv6 } from 'node:net';

export interface WindowLimitOptions {
  /** Events allowed per key in one window. */
  readonly limit: number;
  readonly windowSeconds: number;
  /**
   * Keys tracked at most (memory bound against callers that invent keys, e.g. client ids);
   * beyond it the key whose window started first is forgotten.
   */
  readonly maxKeys?: number;
}

const DEFAULT_MAX_KEYS = 100_000;

/**
 * Counts events per key in fixed windows that start at a key's first event. Held in this
 * process only: behind a load balancer each replica counts on its own (ADR 0015).
 */
export class WindowLimit {
  /** In order of window start, so expired and oldest windows are always at the front. */
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly options: WindowLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may go on, when it has used its limit in the current window; else undefined. */
  exhausted(key: string): number | undefined {
    const window = this.current(key);
    return window && window.count >= this.options.limit ? this.secondsLeft(window.startedAt) : undefined;
  }

  /** Counts one event for `key` unless its limit is used: undefined when counted, else the seconds to wait. */
  take(key: string): number | undefined {
    const wait = this.exhausted(key);
    if (wait !== undefined) return wait;
    const window = this.current(key);
    if (window) window.count++;
    else this.start(key);
    return undefined;
  }

  /** Takes back one event counted by `take` (e.g. an attempt that turned out not to count). */
  release(key: string): void {
    const window = this.current(key);
    if (window && window.count > 0) window.count--;
  }

  private current(key: string) {
    this.forgetExpired();
    return this.windows.get(key);
  }

  private start(key: string) {
    this.windows.set(key, { startedAt: this.now(), count: 1 });
    if (this.windows.size > (this.options.maxKeys ?? DEFAULT_MAX_KEYS)) this.windows.delete(this.windows.keys().next().value as string);
  }

  private forgetExpired() {
    for (const [key, window] of this.windows) {
      if (this.secondsLeft(window.startedAt) > 0) return;
      this.windows.delete(key);
    }
  }

  private secondsLeft(startedAt: number): number {
    return Math.ceil((startedAt + this.options.windowSeconds * 1000 - this.now()) / 1000);
  }
}

/** Raised by `ConcurrencyLimit.run` when every slot is busy and the queue is full. */
export class ConcurrencyLimitReached extends Error {
  constructor() {
    super('concurrency limit reached and its queue is full');
    this.name = 'ConcurrencyLimitReached';
  }
}

/** At most `concurrent` pieces of work at once; up to `queued` more wait their turn, the rest are refused. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrent: number,
    private readonly queued: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrent) this.running++;
    else if (this.waiting.length < this.queued) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else throw new ConcurrencyLimitReached();
    try {
      return await work();
    } finally {
      // A waiting caller takes the slot over, so `running` never drops below what is running.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * The key an address is limited by: an IPv4 address itself, an IPv6 address by its /64
 * (one host is usually given a whole /64, so counting single IPv6 addresses limits nothing).
 */
export function addressKey(address: string): string {
  const mappedIpv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mappedIpv4) return mappedIpv4;
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.split('%')[0].toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
