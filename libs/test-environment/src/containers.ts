import { findFreePort, kafkaImageEnvironment, kafkaVersion, singleNodeKafkaSettings, waitForKafka } from '@lantern/provisioning';
import { randomBytes } from 'node:crypto';
import { GenericContainer, getContainerRuntimeClient, Wait } from 'testcontainers';

const POSTGRES_IMAGE = 'postgres:15';
const POSTGRES_PORT = 5432;
const KAFKA_CONTROLLER_PORT = 9093;
const READY_TIMEOUT_MS = 120_000; // includes pulling the image on first use

/** The host that reaches published container ports, or undefined when no container runtime answers. */
export async function containerRuntimeHost(): Promise<string | undefined> {
  try {
    return (await getContainerRuntimeClient()).info.containerRuntime.host;
  } catch {
    return undefined;
  }
}

export async function startKafkaContainer(host: string): Promise<{ brokers: string[]; stop(): Promise<void> }> {
  // Clients connect to the advertised address, so the broker listens inside the container on the
  // same port it is published on: host:port then reaches it from the host and from inside alike.
  const port = await findFreePort();
  const settings = singleNodeKafkaSettings({
    listenHost: '0.0.0.0',
    advertisedHost: host,
    port,
    controllerPort: KAFKA_CONTROLLER_PORT,
    logDir: '/tmp/kraft-combined-logs',
  });
  const container = await new GenericContainer(`apache/kafka:${kafkaVersion()}`)
    .withEnvironment(kafkaImageEnvironment(settings))
    .withExposedPorts({ container: port, host: port })
    .withStartupTimeout(READY_TIMEOUT_MS)
    .start();
  const brokers = [`${host}:${port}`];
  await waitForKafka({ brokers }, { timeoutMs: READY_TIMEOUT_MS });
  return { brokers, stop: async () => void (await container.stop()) };
}

export async function startPostgresContainer(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const password = randomBytes(18).toString('base64url');
  const container = await new GenericContainer(POSTGRES_IMAGE)
    .withEnvironment({ POSTGRES_PASSWORD: password })
    .withExposedPorts(POSTGRES_PORT)
    // Test data is throwaway: keep it in memory.
    .withTmpFs({ '/var/lib/postgresql/data': 'rw' })
    // The image starts the server twice (init scripts, then for real); wait for the second.
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .withStartupTimeout(READY_TIMEOUT_MS)
    .start();
  const adminUrl = `postgresql://postgres:${password}@${container.getHost()}:${container.getMappedPort(POSTGRES_PORT)}/postgres`;
  return { adminUrl, stop: async () => void (await container.stop()) };
}
