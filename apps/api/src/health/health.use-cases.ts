import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { HubMetrics } from '@lantern/observability';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { HubConnections, LOGGER_TOKEN } from '../hub-connections';

const CHECK_TIMEOUT_MS = 3000;
/** The endpoint is public: polls this close together share one check of each dependency, so no one can drive work against them. */
const ANSWER_REUSED_MS = 2000;

/** The process is up: nothing to probe. */
@Injectable()
export class LivenessCheck {
  constructor(private readonly health: HealthCheckService) {}

  run() {
    return this.health.check([]);
  }
}

/**
 * PostgreSQL and Kafka each answer within a few seconds (else 503). The answer says only up
 * or down per dependency: why one is down is logged under the errorId the answer carries.
 */
@Injectable()
export class ReadinessCheck {
  private readonly recent = new Map<string, { answer: Promise<HealthIndicatorResult>; settledAt?: number }>();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly connections: HubConnections,
    @Inject(LOGGER_TOKEN) private readonly logger: Logger,
  ) {}

  run() {
    return this.health.check([
      () => this.answer('database', () => this.connections.dataSource.query('SELECT 1')),
      () =>
        this.answer(
          'kafka',
          async () => (await this.connections.admin()).describeCluster(),
          () => this.connections.dropAdmin(),
        ),
    ]);
  }

  /** The check in flight or settled moments ago, else a new one. */
  private answer(key: string, check: () => Promise<unknown>, afterFailure?: () => void): Promise<HealthIndicatorResult> {
    const recent = this.recent.get(key);
    if (recent && (recent.settledAt === undefined || Date.now() - recent.settledAt < ANSWER_REUSED_MS)) return recent.answer;
    const entry: { answer: Promise<HealthIndicatorResult>; settledAt?: number } = {
      answer: this.probe(key, check, afterFailure).finally(() => {
        entry.settledAt = Date.now();
      }),
    };
    this.recent.set(key, entry);
    return entry.answer;
  }

  private async probe(key: string, check: () => Promise<unknown>, afterFailure?: () => void) {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([check(), timeout]);
      return indicator.up();
    } catch (error) {
      const errorId = randomUUID();
      this.logger.warn({ errorId, dependency: key, err: error }, 'readiness check failed');
      afterFailure?.();
      return indicator.down({ errorId });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The Prometheus exposition of this process's metrics. */
@Injectable()
export class MetricsScrape {
  constructor(private readonly metrics: HubMetrics) {}

  run() {
    return this.metrics.registry.metrics();
  }
}
