import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one service process, exposed at /metrics by the API. */
export class HubMetrics {
  readonly registry = new Registry();

  readonly httpRequestSeconds = new Histogram({
    name: 'lantern_http_request_duration_seconds',
    help: 'HTTP request duration by route template',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly ingestMessages = new Counter({
    name: 'lantern_ingest_messages_total',
    help: 'Inbound Kafka messages by topic and outcome (stored, duplicate, parked, released, rejected)',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly ingestConsumerLag = new Gauge({
    name: 'lantern_ingest_consumer_lag',
    help: 'Messages of a partition the ingest consumer group has not yet committed, as of the scrape',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
