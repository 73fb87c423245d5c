import path from 'node:path';
import type { KafkaConnection } from '@lantern/kafka';
import { provisionKafka, provisionPostgres, redactUrl } from '@lantern/provisioning';
import { containerRuntimeHost, startKafkaContainer, startPostgresContainer } from './containers';

export interface TestServices {
  kafka: { connection: KafkaConnection; source: string };
  postgres: { adminUrl: string; source: string };
  /** Stops whatever provisioning started. */
  stop(): Promise<void>;
}

interface Provisioned<T> {
  value: T;
  source: string;
  stop(): Promise<void>;
}

/**
 * Kafka and PostgreSQL for a test run, each from the first source that works:
 * KAFKA_BROKERS / DATABASE_URL, then testcontainers when a container runtime answers,
 * then started locally (Kafka from the Maven jars; the machine's or an embedded PostgreSQL).
 */
export async function provisionTestServices(stateDir: string, log: (line: string) => void): Promise<TestServices> {
  const needsContainerCheck = !process.env.KAFKA_BROKERS || !process.env.DATABASE_URL;
  const dockerHost = needsContainerCheck ? await containerRuntimeHost() : undefined;

  const kafka = async (): Promise<Provisioned<KafkaConnection>> => {
    if (dockerHost && !process.env.KAFKA_BROKERS) {
      const container = await startKafkaContainer(dockerHost, stateDir);
      return { value: container.connection, source: 'testcontainers', stop: container.stop };
    }
    const broker = await provisionKafka({ stateDir: path.join(stateDir, 'kafka'), log });
    return { value: broker.connection, source: broker.source, stop: broker.stop };
  };
  const postgres = async (): Promise<Provisioned<string>> => {
    if (dockerHost && !process.env.DATABASE_URL) {
      const container = await startPostgresContainer();
      return { value: container.adminUrl, source: 'testcontainers', stop: container.stop };
    }
    const server = await provisionPostgres({ stateDir, log });
    return { value: server.adminUrl, source: server.source, stop: server.stop };
  };

  const results = await Promise.allSettled([kafka(), postgres()]);
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => void (await Promise.all(started.map((service) => service.stop())));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
  if (failures.length > 0) {
    await stop();
    throw new Error(`Could not provision the test services:\n${failures.map((error) => error.message).join('\n')}`);
  }

  const [startedKafka, startedPostgres] = started as [Provisioned<KafkaConnection>, Provisioned<string>];
  const secured = startedKafka.value.security ? 'TLS and SASL/SCRAM' : 'plaintext';
  log(
    `Test services: Kafka ${startedKafka.value.brokers.join(',')} (${secured}) from ${startedKafka.source}; ` +
      `PostgreSQL ${redactUrl(startedPostgres.value)} from ${startedPostgres.source}`,
  );
  return {
    kafka: { connection: startedKafka.value, source: startedKafka.source },
    postgres: { adminUrl: startedPostgres.value, source: startedPostgres.source },
    stop,
  };
}
