import { CARE_FLAG_CONTRACT, type CareFlagIntake } from '@lantern/care-notices';
import { AuditLog } from '@lantern/audit';
import { ProducingSystems } from '@lantern/ingest';
import { BatchConsumer, ensureTopics } from '@lantern/kafka';
import type { Logger } from 'pino';
import type { WorkerConnections } from '../worker-connections';

/**
 * Agencies' flags from `ingest.partner.care-flag.v1`, in the `lantern-care-flags` consumer
 * group (ingestion reads the same topic in its own group and keeps every message). Offsets are
 * committed after the flag's transaction; workers in the group split the partitions.
 */
export class CareFlagIntakeConsumer {
  private consumer?: BatchConsumer;

  constructor(
    private readonly connections: WorkerConnections,
    private readonly intake: CareFlagIntake,
    private readonly topicPrefix: string,
    private readonly onNotices: () => void,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { topics } = this.connections;
    // The shared flags topic and each registered producing system's own (ADR 0017); one registered later is read from the next start.
    const producers = [...(await new ProducingSystems(this.connections.dataSource, new AuditLog(this.connections.dataSource)).all()).keys()];
    const flagTopics = [topics.topicFor(CARE_FLAG_CONTRACT), ...producers.flatMap((producer) => topics.producerTopics(producer))].filter(
      (topic) => topics.contractOn(topic) === CARE_FLAG_CONTRACT,
    );
    await ensureTopics(
      this.connections.kafka,
      topics.all(producers).filter((spec) => flagTopics.includes(spec.topic)),
    );
    this.consumer = new BatchConsumer(
      this.connections.kafka,
      {
        groupId: `${this.topicPrefix}lantern-care-flags`,
        topics: flagTopics,
        handleBatch: async (messages) => {
          await this.intake.handle(messages);
          this.onNotices();
        },
      },
      this.logger,
    );
    await this.consumer.start();
  }

  /** Leaves the group after the batch in progress (its offsets committed, or redelivered to another member). */
  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
