import { startLocalKafka, StartLocalKafkaOptions } from './local-kafka';

export interface ProvisionedKafka {
  brokers: string[];
  source: 'env' | 'local';
  /** Stops what provisioning started; a no-op for brokers given through KAFKA_BROKERS. */
  stop(): Promise<void>;
}

/** The brokers in KAFKA_BROKERS (comma-separated) when set, else a local broker started for the caller. */
export async function provisionKafka(options: StartLocalKafkaOptions): Promise<ProvisionedKafka> {
  const configured = parseBrokerList(process.env.KAFKA_BROKERS);
  if (configured.length > 0) {
    return { brokers: configured, source: 'env', stop: async () => undefined };
  }
  const local = await startLocalKafka(options);
  return { brokers: local.brokers, source: 'local', stop: local.stop };
}

export function parseBrokerList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}
