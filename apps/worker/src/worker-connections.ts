import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ContractRegistry } from '@lantern/contracts';
import { HubTopics } from '@lantern/ingest';
import { connectProducer, createKafka, kafkaConnectionOf, type HubProducer, type KafkaClient } from '@lantern/kafka';
import { createServiceDataSource } from '@lantern/persistence';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { WorkerSettings } from './worker-settings';

export const WORKER_SETTINGS_TOKEN = Symbol('WorkerSettings');
export const LOGGER_TOKEN = Symbol('Logger');

/**
 * The worker's connections to PostgreSQL and Kafka: opened before any work starts, closed
 * after all of it has stopped (the work stops in `beforeApplicationShutdown`, these close in
 * `onApplicationShutdown`, which Nest runs later).
 */
@Injectable()
export class WorkerConnections implements OnModuleInit, OnApplicationShutdown {
  readonly dataSource: DataSource;
  readonly kafka: KafkaClient;
  readonly topics: HubTopics;
  private connectedProducer?: HubProducer;

  constructor(@Inject(WORKER_SETTINGS_TOKEN) settings: WorkerSettings, @Inject(LOGGER_TOKEN) logger: Logger) {
    this.dataSource = createServiceDataSource(settings.DATABASE_URL, { applicationName: 'lantern-worker' });
    this.kafka = createKafka(kafkaConnectionOf(settings), 'lantern-worker', logger);
    this.topics = new HubTopics(ContractRegistry.default(), settings.LANTERN_TOPIC_PREFIX);
  }

  async onModuleInit() {
    await this.dataSource.initialize();
    this.connectedProducer = await connectProducer(this.kafka);
  }

  /** The producer the relays publish with (connected at start). */
  get producer(): HubProducer {
    if (!this.connectedProducer) throw new Error('the worker publishes only once its connections are open');
    return this.connectedProducer;
  }

  async onApplicationShutdown() {
    await this.connectedProducer?.disconnect();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
