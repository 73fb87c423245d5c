import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { connectProducer, createKafka, type HubProducer, type KafkaClient } from '@lantern/kafka';
import { createHubDataSource } from '@lantern/persistence';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ApiSettings } from './api-settings';

export const API_SETTINGS_TOKEN = Symbol('ApiSettings');
export const LOGGER_TOKEN = Symbol('Logger');

/** The API's connections to PostgreSQL and Kafka, opened at start and closed on shutdown. */
@Injectable()
export class HubConnections implements OnModuleInit, OnApplicationShutdown {
  readonly dataSource: DataSource;
  readonly kafka: KafkaClient;
  private producerConnection?: Promise<HubProducer>;

  constructor(@Inject(API_SETTINGS_TOKEN) settings: ApiSettings, @Inject(LOGGER_TOKEN) logger: Logger) {
    this.dataSource = createHubDataSource(settings.DATABASE_URL, [], { applicationName: 'lantern-api' });
    this.kafka = createKafka(settings.KAFKA_BROKERS, 'lantern-api', logger);
  }

  async onModuleInit() {
    await this.dataSource.initialize();
  }

  /** Connected on first use: only steward replays publish from the API. */
  producer(): Promise<HubProducer> {
    this.producerConnection ??= connectProducer(this.kafka);
    return this.producerConnection;
  }

  async onApplicationShutdown() {
    if (this.producerConnection) await (await this.producerConnection).disconnect();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
