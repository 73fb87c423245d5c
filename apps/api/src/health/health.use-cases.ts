import { Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { describeCluster } from '@lantern/kafka';
import { HubMetrics } from '@lantern/observability';
import { HubConnections } from '../hub-connections';

const CHECK_TIMEOUT_MS = 3000;

/** The process is up: nothing to probe. */
@Injectable()
export class LivenessCheck {
  constructor(private readonly health: HealthCheckService) {}

  run() {
    return this.health.check([]);
  }
}

/** PostgreSQL and Kafka each answer within a few seconds (else 503 naming the one that did not). */
@Injectable()
export class ReadinessCheck {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly connections: HubConnections,
  ) {}

  run() {
    return this.health.check([() => this.probe('database', () => this.connections.dataSource.query('SELECT 1')), () => this.probe('kafka', () => describeCluster(this.connections.kafka))]);
  }

  private async probe(key: string, check: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([check(), timeout]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
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
