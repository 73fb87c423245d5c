import { KAFKA_CONNECTION_SETTINGS, loadSettings } from '@lantern/config';
import { kafkaConnectionOf, type KafkaConnection } from '@lantern/kafka';
import { startLocalKafka, StartLocalKafkaOptions } from './local-kafka';

export interface ProvisionedKafka {
  brokers: string[];
  /** What the hub's services connect as: the KAFKA_* settings for a given cluster, the hub principal for a local broker. */
  connection: KafkaConnection;
  source: 'env' | 'local';
  /** Stops what provisioning started; a no-op for brokers given through KAFKA_BROKERS. */
  stop(): Promise<void>;
}

/** The cluster in KAFKA_BROKERS (with the KAFKA_SASL_* and KAFKA_CA_PEM identity) when set, else a local secured broker started for the caller. */
export async function provisionKafka(options: StartLocalKafkaOptions): Promise<ProvisionedKafka> {
  if (parseBrokerList(process.env.KAFKA_BROKERS).length > 0) {
    const connection = kafkaConnectionOf(loadSettings(KAFKA_CONNECTION_SETTINGS));
    return { brokers: connection.brokers, connection, source: 'env', stop: async () => undefined };
  }
  const local = await startLocalKafka(options);
  return { brokers: local.brokers, connection: local.connection, source: 'local', stop: local.stop };
}

export function parseBrokerList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}
