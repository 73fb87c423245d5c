import { IdentityEventRelay } from '@lantern/identity-service';
import type { Logger } from 'pino';
import { PeriodicTask } from '../periodic-task';
import type { WorkerConnections } from '../worker-connections';

/**
 * Identity events (links, reviews, merges, splits) go from the outbox to `hub.identity.v1`
 * here only: ingest and the API write them in their transactions and never publish them. The
 * outbox is polled every second (one indexed query on an empty partial index when idle), so an
 * event is on the topic about a second after its transaction commits. Rows are claimed with
 * SKIP LOCKED: several workers share the outbox without sending a row twice at once.
 */
export class IdentityEventPublishing {
  private readonly task: PeriodicTask;
  private relay?: IdentityEventRelay;

  constructor(
    private readonly connections: WorkerConnections,
    intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask('identity event relay', intervalMs, () => this.publish(), logger);
  }

  start(): void {
    this.relay = new IdentityEventRelay(this.connections.dataSource, this.connections.producer, this.connections.topics.identityEvents);
    this.task.start();
  }

  /** Stops polling, then publishes what is still pending (the connections close after this). */
  async stop(): Promise<void> {
    await this.task.stop();
    await this.publish().catch((error: unknown) => this.logger.error({ err: error }, 'identity events left unpublished at shutdown; the next worker publishes them'));
  }

  private async publish(): Promise<void> {
    const published = (await this.relay?.flush()) ?? 0;
    if (published > 0) this.logger.debug({ published }, 'identity events published');
  }
}
