import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ContractRegistry } from '@lantern/contracts';
import { createIngestPipeline, HubTopics, type RecordStore } from '@lantern/ingest';
import { BatchConsumer, connectProducer, createKafka, ensureTopics } from '@lantern/kafka';
import { createHubDataSource } from '@lantern/persistence';
import type { Logger } from 'pino';
import type { IngestSettings } from './ingest-settings';

const SETTINGS = Symbol('IngestSettings');
const SWEEP_INTERVAL_MS = 30_000;
const LOGGER = Symbol('Logger');

/** Owns the consumer's lifecycle: topics, database and producer up first; drained on shutdown. */
@Injectable()
class IngestConsumerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly kafka;
  private readonly dataSource;
  private consumer?: BatchConsumer;
  private releaseSweep?: NodeJS.Timeout;
  private stopProducer?: () => Promise<void>;

  constructor(
    @Inject(SETTINGS) private readonly settings: IngestSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.kafka = createKafka(settings.KAFKA_BROKERS, 'lantern-ingest', logger);
    this.dataSource = createHubDataSource(settings.DATABASE_URL, [], { applicationName: 'lantern-ingest' });
  }

  async onApplicationBootstrap() {
    const registry = ContractRegistry.default();
    const topics = new HubTopics(registry, this.settings.LANTERN_TOPIC_PREFIX);
    await ensureTopics(this.kafka, topics.all());
    await this.dataSource.initialize();
    const producer = await connectProducer(this.kafka);
    this.stopProducer = () => producer.disconnect();

    const { store, processor } = createIngestPipeline({
      dataSource: this.dataSource,
      registry,
      topics,
      producer,
      maxMessageBytes: this.settings.INGEST_MAX_MESSAGE_BYTES,
      logger: this.logger,
    });
    const sweep = () => this.sweep(store);
    await sweep();
    this.releaseSweep = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
    this.consumer = new BatchConsumer(
      this.kafka,
      { groupId: this.settings.INGEST_GROUP_ID, topics: topics.inbound(), handleBatch: async (batch) => void (await processor.process(batch)) },
      this.logger,
    );
    await this.consumer.start();
    this.logger.info({ topics: topics.inbound().length, groupId: this.settings.INGEST_GROUP_ID }, 'ingest consumer started');
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
