import { IndicatorStore, OutcomesJob, type OutcomesJobOptions } from '@lantern/outcomes-store';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PeriodicTask } from '../periodic-task';

/**
 * Runs the outcomes job for stewards' requests (POST /outcomes/runs), one at a time per worker,
 * each request claimed with a lease: a run whose worker died is taken over when the lease
 * lapses. A request that fails is marked failed with the error's message (no child's data: the
 * job's errors name contracts and counts). Nothing it stores is public until a steward releases it.
 */
export class OutcomeRuns {
  private readonly task: PeriodicTask;
  private readonly store: IndicatorStore;
  private readonly job: OutcomesJob;

  constructor(dataSource: DataSource, options: Pick<OutcomesJobOptions, 'sgpMinimumCohort'>, pollMs: number, logger: Logger) {
    this.store = new IndicatorStore(dataSource);
    this.job = new OutcomesJob(dataSource, options, (message, counts) => logger.info({ task: 'outcomes', ...counts }, message));
    this.task = new PeriodicTask('outcomes runs', pollMs, () => this.runRequested(logger), logger);
  }

  start(): void {
    this.task.start();
  }

  /** Lets a run in progress finish; one killed instead is taken over when its lease lapses. */
  stop(): Promise<void> {
    return this.task.stop();
  }

  private async runRequested(logger: Logger): Promise<void> {
    for (let request = await this.store.claimRequest(); request; request = await this.store.claimRequest()) {
      logger.info({ task: 'outcomes', requestId: request.requestId, schoolYear: request.schoolYear }, 'outcomes run started');
      try {
        const result = await this.job.run(request.schoolYear);
        await this.store.finishRequest(request.requestId, { runId: result.runId });
        logger.info({ task: 'outcomes', requestId: request.requestId, ...result }, 'outcomes run finished');
      } catch (error) {
        await this.store.finishRequest(request.requestId, { failure: (error as Error).message });
        logger.error({ task: 'outcomes', requestId: request.requestId, error: (error as Error).message }, 'outcomes run failed');
      }
    }
  }
}
