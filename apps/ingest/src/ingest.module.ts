import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ContractRegistry } from '@lantern/contracts';
import { createIngestPipeline, HubTopics, ProducerTopicSubscription, type RecordStore } from '@lantern/ingest';
import { BatchConsumer, connectProducer, createKafka, kafkaConnectionOf, ensureTopics, partitionLag } from '@lantern/kafka';
import { HubMetrics } from '@lantern/observability';
import { createServiceDataSource } from '@lantern/persistence';
import type { Logger } from 'pino';
import { startIngestHttp } from './ingest-http';
import type { IngestSettings } from './ingest-settings';

const SETTINGS = Symbol('IngestSettings');
const LOGGER = Symbol('Logger');

/** Owns the consumer's lifecycle: topics, database and producer up first; drained on shutdown. */
@Injectable()
export class IngestConsumerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly kafka;
  private readonly dataSource;
  private consumer?: BatchConsumer;
  private releaseSweep?: NodeJS.Timeout;
  private stopProducer?: () => Promise<void>;
  private http?: { port: number; close(): Promise<void> };
  private readonly metrics = new HubMetrics('ingest');

  constructor(
    @Inject(SETTINGS) private readonly settings: IngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.kafka = createKafka(kafkaConnectionOf(settings), 'lantern-ingest', logger);
    this.dataSource = createServiceDataSource(settings.DATABASE_URL, { applicationName: 'lantern-ingest' });
  }

  async onApplicationBootstrap() {
    const registry = ContractRegistry.default();
    const topics = new HubTopics(registry, this.settings.LANTERN_TOPIC_PREFIX);
    await this.dataSource.initialize();
    const producer = await connectProducer(this.kafka);
    this.stopProducer = () => producer.disconnect();

    const { store, processor, producers } = createIngestPipeline({
      dataSource: this.dataSource,
      registry,
      topics,
      producer,
      maxMessageBytes: this.settings.INGEST_MAX_MESSAGE_BYTES,
      logger: this.logger,
    });
    // The shared contract topics and every registered producing system's own (ADR 0017); the
    // sweep picks up systems registered later.
    await ensureTopics(this.kafka, topics.all());
    const subscription = new ProducerTopicSubscription({ topics, kafka: this.kafka, registry: producers });
    await subscription.load();
    const sweep = async () => {
      await this.sweep(store);
      if (!this.consumer) return;
      try {
        if (await subscription.follow(this.consumer)) this.logger.info({ topics: subscription.topics.length }, 'consuming the topics of newly registered producing systems');
      } catch (error) {
        this.logger.error({ err: error }, 'could not subscribe to new producing systems; trying again at the next sweep');
      }
    };
    await this.sweep(store);
    // One sweep at a time: a resubscription takes longer than a short interval.
    let sweeping = false;
    this.releaseSweep = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      void sweep().finally(() => (sweeping = false));
    }, this.settings.INGEST_SWEEP_SECONDS * 1000);
    this.consumer = new BatchConsumer(
      this.kafka,
      {
        groupId: this.settings.INGEST_GROUP_ID,
        topics: subscription.topics,
        handleBatch: async (batch) => {
          const { topic, stored, duplicates, parked, released, rejected } = await processor.process(batch);
          const outcomes = { stored, duplicate: duplicates, parked, released, rejected };
          for (const [outcome, count] of Object.entries(outcomes)) if (count > 0) this.metrics.ingestMessages.inc({ topic, outcome }, count);
        },
      },
      this.logger,
    );
    this.http = await startIngestHttp(this.settings.INGEST_HTTP_PORT, { readiness: () => this.readiness(), metrics: () => this.scrape(subscription.topics) });
    await this.consumer.start();
    this.logger.info({ topics: subscription.topics.length, groupId: this.settings.INGEST_GROUP_ID, httpPort: this.http.port }, 'ingest consumer started');
  }

  /** The port of the health and metrics listener (the setting's, or the one picked for 0). */
  get httpPort(): number | undefined {
    return this.http?.port;
  }

  private async readiness(): Promise<Record<string, 'up' | 'down'>> {
    const database = await this.dataSource.query('SELECT 1').then(
      () => 'up' as const,
      (error: unknown) => {
        this.logger.warn({ err: error }, 'readiness: the database did not answer');
        return 'down' as const;
      },
    );
    return { consumer: this.consumer?.running ? 'up' : 'down', database };
  }

  /** Metrics with each partition's lag as of now (left out, and logged, when the broker cannot say). */
  private async scrape(topics: string[]) {
    this.metrics.ingestConsumerLag.reset();
    try {
      for (const { topic, partition, lag } of await partitionLag(this.kafka, this.settings.INGEST_GROUP_ID, topics)) {
        this.metrics.ingestConsumerLag.set({ topic, partition: String(partition) }, lag);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'metrics: consumer lag unavailable');
    }
    return { contentType: this.metrics.registry.contentType, body: await this.metrics.registry.metrics() };
  }

  /**
   * Catches parked releases (ADR 0003) a crash interrupted between commit and follow-up. Identity
   * events this service writes are published by the worker's relay (apps/worker), their one owner.
   */
  private async sweep(store: RecordStore) {
    try {
      const released = await store.releaseAllComplete();
      if (released > 0) this.logger.info({ released }, 'sweep caught up');
    } catch (error) {
      this.logger.error({ err: error }, 'sweep failed; it will run again');
    }
  }

  async onApplicationShutdown() {
    clearInterval(this.releaseSweep);
    await this.http?.close();
    await this.consumer?.stop();
    await this.stopProducer?.();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
export class IngestModule {
  static forRoot(settings: IngestSettings, logger: Logger): DynamicModule {
    return {
      module: IngestModule,
      providers: [{ provide: SETTINGS, useValue: settings }, { provide: LOGGER, useValue: logger }, IngestConsumerLifecycle],
    };
  }
}
