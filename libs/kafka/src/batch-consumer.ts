import type { Consumer } from 'kafkajs';
import type { Logger } from 'pino';
import { kafkajsOf, toInboundMessage } from './kafkajs-adapter';
import type { InboundMessage, KafkaClient } from './kafka-types';

export type BatchHandler = (messages: InboundMessage[]) => Promise<void>;

export interface BatchConsumerOptions {
  groupId: string;
  topics: string[];
  handleBatch: BatchHandler;
  /** Upper bound on bytes fetched per partition per request. */
  maxBytesPerPartition?: number;
}

/**
 * A consumer-group member that hands whole batches to the handler and commits the offsets
 * only after the handler has returned, i.e. after its database transaction committed.
 * A handler failure commits nothing: kafkajs restarts the member and the batch comes again,
 * which the handler's idempotent writes absorb.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;
  private stopping = false;
  private member = false;

  constructor(
    kafka: KafkaClient,
    private options: BatchConsumerOptions,
    private readonly logger: Logger,
  ) {
    this.consumer = kafkajsOf(kafka).consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
      // A crashed member's partitions move to the others after this long. A batch may take
      // longer (it can wait for the identity lock): the member heartbeats while it works.
      sessionTimeout: 15_000,
      heartbeatInterval: 3_000,
      // Under load, wait briefly for fuller fetches: fewer, larger transactions (each commit is a WAL flush).
      minBytes: 128 * 1024,
      maxWaitTimeInMs: 250,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
  }

  async start(): Promise<void> {
    // kafkajs gives up on errors it deems non-retriable (e.g. the group forgot this member);
    // a consumer that silently stops would leave the service up and ingesting nothing.
    // A member once it has joined its group (again, after a rebalance or a restart); not after a crash.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.member = true));
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.member = false;
      if (payload.restart || this.stopping) return;
      this.logger.error({ err: payload.error, groupId: this.options.groupId }, 'consumer stopped on a non-retriable error; rejoining');
      setTimeout(() => void this.restart(), 1_000);
    });
    await this.join();
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    try {
      await this.consumer.disconnect();
      await this.join();
    } catch (error) {
      this.logger.error({ err: error }, 'rejoining failed; trying again');
      setTimeout(() => void this.restart(), 5_000);
    }
  }

  /** Whether it is a running member of its group now (for readiness): false before it joined, after a crash it did not restart from, and once stopping. */
  get running(): boolean {
    return this.member && !this.stopping;
  }

  private async join(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await this.consumer.run({
      // Batches of different partitions overlap their database round trips.
      partitionsConsumedConcurrently: 3,
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const messages = batch.messages.map((message) => toInboundMessage(batch.topic, batch.partition, message));
        const keepAlive = setInterval(() => void heartbeat().catch(() => undefined), 3_000);
        try {
          await this.options.handleBatch(messages);
        } catch (error) {
          this.logger.error({ err: error, topic: batch.topic, partition: batch.partition, firstOffset: batch.firstOffset() }, 'batch failed; it will be redelivered');
          throw error;
        } finally {
          clearInterval(keepAlive);
        }
        resolveOffset(batch.lastOffset());
        // With autoCommit off kafkajs never commits by itself; the committed offset is the next one to read.
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        await heartbeat();
      },
    });
  }

  /** Consumes exactly these topics from now on: leaves the group and joins it again with them (a batch in progress finishes first). */
  async resubscribe(topics: string[]): Promise<void> {
    this.options = { ...this.options, topics };
    await this.consumer.disconnect();
    await this.join();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer.disconnect();
  }
}
