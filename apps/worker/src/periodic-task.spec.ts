import { createJsonLogger } from '@lantern/observability';
import { eventually } from '@lantern/test-environment';
import { PeriodicTask } from './periodic-task';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PeriodicTask', () => {
  const lines: Array<{ level: number; msg: string; failures?: number }> = [];
  const logger = createJsonLogger('periodic-task-test', 'info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  beforeEach(() => lines.splice(0));

  it('runs at once and then every interval, never two runs at once, and stop() waits for the run in progress', async () => {
    let running = 0;
    let overlapped = false;
    let runs = 0;
    let finished = 0;
    const task = new PeriodicTask(
      'test',
      20,
      async () => {
        runs += 1;
        running += 1;
        overlapped ||= running > 1;
        await sleep(30);
        running -= 1;
        finished += 1;
      },
      logger,
    );
    task.start();
    task.trigger();
    await sleep(5);
    expect(runs).toBe(1);
    task.trigger();
    await sleep(150);
    await task.stop();
    expect(overlapped).toBe(false);
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(finished).toBe(runs);
    await sleep(60);
    expect(finished).toBe(runs);
  });

  it('backs off while the task fails, logging the first failure and the recovery rather than every attempt', async () => {
    let attempts = 0;
    const task = new PeriodicTask(
      'flaky',
      10,
      async () => {
        attempts += 1;
        if (attempts <= 3) throw new Error('broker not available');
      },
      logger,
    );
    task.start();
    // Attempts at 0, 20, 40 (+80) ms: the fourth succeeds (waited for, not timed: a loaded machine is slower).
    await eventually(() => expect(attempts).toBeGreaterThanOrEqual(4), { timeoutMs: 10_000, intervalMs: 20 });
    await task.stop();
    expect(lines.filter((line) => line.level === 50).map((line) => line.failures)).toEqual([1]);
    expect(lines.filter((line) => line.msg === 'background task recovered')).toHaveLength(1);
  });
});
