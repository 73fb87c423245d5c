import type { KafkaConnection } from '@lantern/kafka';
import { brokerSecurity, findFreePort, kafkaVersion, kafkaContainerLaunch, waitForKafka } from '@lantern/provisioning';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';
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

/**
 * The same secured broker as the local JVM one (TLS, SASL/SCRAM, ACLs; ADR 0017), in the
 * apache/kafka image: its TLS material and server.properties are copied in, and the container
 * formats its storage with the broker's and hub's SCRAM credentials before starting the broker.
 */
export async function startKafkaContainer(host: string, stateDir: string): Promise<{ connection: KafkaConnection; stop(): Promise<void> }> {
  // Clients connect to the advertised address, so the broker listens inside the container on the
  // same port it is published on: host:port then reaches it from the host and from inside alike.
  const port = await findFreePort();
  await mkdir(stateDir, { recursive: true });
  const security = await brokerSecurity(await mkdtemp(path.join(stateDir, 'kafka-container-')), [host]);
  const launch = kafkaContainerLaunch({ host, port, controllerPort: KAFKA_CONTROLLER_PORT }, security);
  const container = await new GenericContainer(`apache/kafka:${kafkaVersion()}`)
    .withCopyContentToContainer(launch.files)
    .withEntrypoint(launch.entrypoint)
    .withCommand(launch.command)
    .withExposedPorts({ container: port, host: port })
    .withStartupTimeout(READY_TIMEOUT_MS)
    .start();
  await waitForKafka(launch.connection, { timeoutMs: READY_TIMEOUT_MS });
  return { connection: launch.connection, stop: async () => void (await container.stop()) };
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
