import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { connectProducer, createKafka, kafkaConnectionOf, type HubAdmin, type HubProducer, type KafkaClient } from '@lantern/kafka';
import { createServiceDataSource } from '@lantern/persistence';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ApiSettings } from './api-settings';

export const API_SETTINGS_TOKEN = Symbol('ApiSettings');
export const LOGGER_TOKEN = Symbol('Logger');

/** A connection opened on first use and then shared; one that failed to open is forgotten, so the next use tries again. */
class OnFirstUse<T extends { disconnect(): Promise<void> }> {
  private opening?: Promise<T>;

  constructor(private readonly open: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.opening) {
      const opening = this.open();
      this.opening = opening;
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
    }
    return this.opening;
  }

  /** Closes the connection, if one is open; the next use opens a new one. */
  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    await opening?.then(
      (connection) => connection.disconnect(),
      () => undefined,
    );
  }
}

/** The API's connections to PostgreSQL and Kafka, opened at start (PostgreSQL) or on first use (Kafka), closed on shutdown. */
@Injectable()
export class HubConnections implements OnModuleInit, OnApplicationShutdown {
  readonly dataSource: DataSource;
  readonly kafka: KafkaClient;
  private readonly producerConnection: OnFirstUse<HubProducer>;
  private readonly adminConnection: OnFirstUse<HubAdmin>;

  constructor(@Inject(API_SETTINGS_TOKEN) settings: ApiSettings, @Inject(LOGGER_TOKEN) logger: Logger) {
    this.dataSource = createServiceDataSource(settings.DATABASE_URL, { applicationName: 'lantern-api' });
    const kafka = createKafka(kafkaConnectionOf(settings), 'lantern-api', logger);
    this.kafka = kafka;
    this.producerConnection = new OnFirstUse(() => connectProducer(kafka));
    this.adminConnection = new OnFirstUse(async () => {
      const admin = kafka.admin();
      await admin.connect();
      return admin;
    });
  }

  async onModuleInit() {
    await this.dataSource.initialize();
  }

  /** Only steward replays publish from the API; a broker that was down at the first replay is tried again at the next. */
  producer(): Promise<HubProducer> {
    return this.producerConnection.get();
  }

  /** One admin connection for the readiness check, rather than one per poll. */
  admin(): Promise<HubAdmin> {
    return this.adminConnection.get();
  }

  /** After the admin connection failed a request: the next use connects afresh. */
  dropAdmin(): void {
    // Closing a connection that already failed can fail too; there is nothing left to do about it.
    this.adminConnection.close().catch(() => undefined);
  }

  async onApplicationShutdown() {
    await Promise.all([this.producerConnection.close(), this.adminConnection.close()]);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
