// What the benchmarks that put load on a hub service share.

/** The p-th percentile (nearest rank) of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Resolves once the service at `base` answers its liveness check. */
export async function waitUntilLive(base: string): Promise<void> {
  for (;;) {
    const live = await fetch(`${base}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (live) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Open-loop load: `count` calls of `visit`, started `rate` per second on schedule whether or not
 * the earlier ones have finished, each timed from when it was due (a slow answer delays no later
 * start, so queueing shows in the figures instead of hiding). Returns the times in ms, ascending.
 */
export async function openLoop(rate: number, count: number, visit: (index: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const due = start + (index * 1000) / rate;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      await visit(index);
      times.push(performance.now() - due);
    }),
  );
  return times.sort((a, b) => a - b);
}
