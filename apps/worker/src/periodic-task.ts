import type { Logger } from 'pino';

const MAX_BACKOFF_MS = 30_000;

/**
 * Runs a task every `intervalMs`, never two runs at once. A failing task is retried with
 * doubling delays (up to 30 s) and logged once when it starts failing, then every tenth
 * failure, and once when it recovers, so a broker outage is a few lines, not one a second.
 * `stop()` cancels the next run and waits for the one in progress.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private again = false;
  private failures = 0;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** The first run is at once. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs again as soon as possible: at once, or right after the run in progress. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.again = false;
    this.running = this.attempt();
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const backoff = this.failures > 0 ? Math.min(this.intervalMs * 2 ** Math.min(this.failures, 16), MAX_BACKOFF_MS) : this.intervalMs;
    this.schedule(this.again && this.failures === 0 ? 0 : backoff);
  }

  private async attempt(): Promise<void> {
    try {
      await this.task();
      if (this.failures > 0) this.logger.info({ task: this.name, failures: this.failures }, 'background task recovered');
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 10 === 0) this.logger.error({ err: error, task: this.name, failures: this.failures }, 'background task failed; retrying');
    }
  }
}
