import type { CareFlags, CareNoticeRelay, CareNoticeSweep } from '@lantern/care-notices';
import type { Logger } from 'pino';
import { PeriodicTask } from '../periodic-task';

export interface CareNoticeTimers {
  /** How often the outbox of notice events is polled. */
  relayMs: number;
  /** How often notices are escalated and expired and held flags retried (both minute-grained). */
  sweepMs: number;
}

/**
 * Handle with Care's time-driven work: the sweep escalates unacknowledged notices to the
 * district, expires notices, delivers flags whose identity review a steward has decided and
 * repeats closing tombstones so that quiet notice topics forget names too (ADR 0016);
 * the relay publishes the notice outbox to the schools' and districts' topics about a second
 * after each change commits (whoever made it: the API, intake or the sweep).
 */
export class CareNoticeWork {
  private readonly sweepTask: PeriodicTask;
  private readonly relayTask: PeriodicTask;

  constructor(
    private readonly sweep: CareNoticeSweep,
    private readonly flags: CareFlags,
    private readonly relay: CareNoticeRelay,
    timers: CareNoticeTimers,
    private readonly logger: Logger,
  ) {
    this.sweepTask = new PeriodicTask('care notice sweep', timers.sweepMs, () => this.sweepOnce(), logger);
    this.relayTask = new PeriodicTask('care notice relay', timers.relayMs, () => this.publishPending(), logger);
  }

  start(): void {
    this.relayTask.start();
    this.sweepTask.start();
  }

  /** Publishes soon: after intake has issued notices, say. */
  publishSoon(): void {
    this.relayTask.trigger();
  }

  /** The sweep first (it writes events), then the relay, which publishes what is pending before the connections close. */
  async stop(): Promise<void> {
    await this.sweepTask.stop();
    await this.relayTask.stop();
    await this.publishPending().catch((error: unknown) => this.logger.error({ err: error }, 'care notice events left unpublished at shutdown; the next worker publishes them'));
  }

  private async sweepOnce(): Promise<void> {
    const { escalated, expired } = await this.sweep.run(new Date());
    const afterReview = await this.flags.deliverAfterReviews();
    let tombstonesRepeated = 0;
    for (let batch = await this.relay.repeatClosingTombstones(); batch > 0; batch = await this.relay.repeatClosingTombstones()) tombstonesRepeated += batch;
    if (escalated + expired + afterReview + tombstonesRepeated > 0) {
      this.logger.info({ escalated, expired, afterReview, tombstonesRepeated }, 'care notices swept, held flags retried, closing tombstones repeated');
      this.publishSoon();
    }
  }

  private async publishPending(): Promise<void> {
    let published = 0;
    for (let batch = await this.relay.publishPending(); batch > 0; batch = await this.relay.publishPending()) published += batch;
    if (published > 0) this.logger.debug({ published }, 'care notice events published');
  }
}
