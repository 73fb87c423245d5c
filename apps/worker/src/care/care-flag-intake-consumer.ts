import { CARE_FLAG_CONTRACT, type CareFlagIntake } from '@lantern/care-notices';
import { AuditLog } from '@lantern/audit';
import { ProducerTopicSubscription, ProducingSystems } from '@lantern/ingest';
import { BatchConsumer } from '@lantern/kafka';
import type { Logger } from 'pino';
import { PeriodicTask } from '../periodic-task';
import type { WorkerConnections } from '../worker-connections';

/**
 * Agencies' flags from `ingest.partner.care-flag.v1` and from each registered producing system's
 * own flags topic (ADR 0017), in the `lantern-care-flags` consumer group (ingestion reads the
 * same topics in its own group and keeps every message). Offsets are committed after the flag's
 * transaction; workers in the group split the partitions. It looks for newly registered
 * producing systems every `followProducersMs`, as the ingest service does at its sweep.
 */
export class CareFlagIntakeConsumer {
  private consumer?: BatchConsumer;
  private following?: PeriodicTask;

  constructor(
    private readonly connections: WorkerConnections,
    private readonly intake: CareFlagIntake,
    private readonly topicPrefix: string,
    private readonly onNotices: () => void,
    private readonly followProducersMs: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { topics, kafka, dataSource } = this.connections;
    const subscription = new ProducerTopicSubscription(
      { topics, kafka, registry: new ProducingSystems(dataSource, new AuditLog(dataSource)) },
      (contractId) => contractId === CARE_FLAG_CONTRACT,
    );
    const consumer = new BatchConsumer(
      kafka,
      {
        groupId: `${this.topicPrefix}lantern-care-flags`,
        topics: await subscription.load(),
        handleBatch: async (messages) => {
          await this.intake.handle(messages);
          this.onNotices();
        },
      },
      this.logger,
    );
    this.consumer = consumer;
    await consumer.start();
    this.following = new PeriodicTask(
      'care-flag intake: newly registered producing systems',
      this.followProducersMs,
      async () => {
        if (await subscription.follow(consumer)) this.logger.info({ topics: subscription.topics.length }, 'taking in the care flags of newly registered producing systems');
      },
      this.logger,
    );
    this.following.start();
  }

  /** Stops looking for producers, then leaves the group after the batch in progress (its offsets committed, or redelivered to another member). */
  async stop(): Promise<void> {
    await this.following?.stop();
    await this.consumer?.stop();
  }
}
