import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { CARE_FLAG_CONTRACT, CareFlagIntake, CareFlags, CareNoticeRelay, CareNoticeSweep } from '@lantern/care-notices';
import { ContractRegistry } from '@lantern/contracts';
import { HubTopics } from '@lantern/ingest';
import { BatchConsumer, ensureTopics } from '@lantern/kafka';
import type { Logger } from 'pino';
import type { ApiSettings } from '../api-settings';
import { API_SETTINGS_TOKEN, HubConnections, LOGGER_TOKEN } from '../hub-connections';

/** Escalation and expiry are minute-grained; a missed outbox publish is retried as often. */
const SWEEP_INTERVAL_MS = 15_000;

/**
 * What the API does on its own for Handle with Care: consumes agencies' flags from Kafka,
 * and periodically escalates, expires and publishes pending notice events. Started after the
 * API is up and not awaited, so a slow broker never delays serving; stopped on shutdown.
 */
@Injectable()
export class CareBackgroundWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private consumer?: Promise<BatchConsumer>;

  constructor(
    private readonly connections: HubConnections,
    private readonly sweep: CareNoticeSweep,
    private readonly flags: CareFlags,
    private readonly relay: CareNoticeRelay,
    private readonly intake: CareFlagIntake,
    @Inject(API_SETTINGS_TOKEN) private readonly settings: ApiSettings,
    @Inject(LOGGER_TOKEN) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.sweepOnce(), SWEEP_INTERVAL_MS).unref();
    this.consumer = this.startIntake();
    this.consumer.catch((error) => this.logger.error({ err: error }, 'care flag intake did not start'));
  }

  /** Before the connections close (their own shutdown hook): stop taking work and let the relay finish. */
  async beforeApplicationShutdown() {
    clearInterval(this.timer);
    const consumer = await this.consumer?.catch(() => undefined);
    await consumer?.stop();
    await this.relay.settled();
  }

  private async sweepOnce() {
    try {
      const { escalated, expired } = await this.sweep.run(new Date());
      const afterReview = await this.flags.deliverAfterReviews();
      if (escalated + expired + afterReview > 0) this.logger.info({ escalated, expired, afterReview }, 'care notices swept, held flags retried');
    } catch (error) {
      this.logger.error({ err: error }, 'care notice sweep failed; the next one retries');
    }
    this.kickRelay();
  }

  private kickRelay() {
    this.relay.kick((error) => this.logger.error({ err: error }, 'care notice relay failed; the next sweep retries'));
  }

  private async startIntake(): Promise<BatchConsumer> {
    const topic = new HubTopics(ContractRegistry.default(), this.settings.LANTERN_TOPIC_PREFIX).topicFor(CARE_FLAG_CONTRACT);
    await ensureTopics(this.connections.kafka, [{ topic, numPartitions: 3 }]);
    const consumer = new BatchConsumer(
      this.connections.kafka,
      {
        groupId: `${this.settings.LANTERN_TOPIC_PREFIX}lantern-care-flags`,
        topics: [topic],
        handleBatch: async (messages) => {
          await this.intake.handle(messages);
          this.kickRelay();
        },
      },
      this.logger,
    );
    await consumer.start();
    return consumer;
  }
}
