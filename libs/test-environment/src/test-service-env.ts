import { KAFKA_CONNECTION_SETTINGS, loadSettings } from '@lantern/config';
import { kafkaConnectionOf, kafkaEnvironmentOf, type KafkaConnection } from '@lantern/kafka';
import { parseBrokerList } from '@lantern/provisioning';

/**
 * Global setup publishes the provisioned endpoints to the Jest workers through these variables:
 * the hub's own Kafka settings (KAFKA_BROKERS, KAFKA_SASL_*, KAFKA_CA_PEM), so the services a test
 * starts as processes inherit them too.
 */
const KAFKA_BROKERS_ENV = 'KAFKA_BROKERS';
const POSTGRES_ADMIN_URL_ENV = 'LANTERN_TEST_POSTGRES_ADMIN_URL';
const POSTGRES_SERVICE_URL_ENV = 'LANTERN_TEST_POSTGRES_SERVICE_URL';
const RUN_ID_ENV = 'LANTERN_TEST_RUN_ID';

export interface PublishedTestServices {
  kafka: KafkaConnection;
  postgresAdminUrl: string;
  /** The same server's maintenance database as this run's services' login (ADR 0018). */
  postgresServiceUrl: string;
  /** Names this Jest run's databases and services' login, so teardown can drop those a test left behind. */
  runId: string;
}

export function publishTestServices(services: PublishedTestServices): void {
  Object.assign(process.env, kafkaEnvironmentOf(services.kafka));
  process.env[POSTGRES_ADMIN_URL_ENV] = services.postgresAdminUrl;
  process.env[POSTGRES_SERVICE_URL_ENV] = services.postgresServiceUrl;
  process.env[RUN_ID_ENV] = services.runId;
}

/** The brokers of the Kafka that Jest global setup provisioned. */
export function testKafkaBrokers(): string[] {
  const brokers = parseBrokerList(process.env[KAFKA_BROKERS_ENV]);
  if (brokers.length === 0) throw notProvisioned(KAFKA_BROKERS_ENV);
  return brokers;
}

/** The Kafka that Jest global setup provisioned, with the hub's identity there. */
export function testKafka(): KafkaConnection {
  testKafkaBrokers();
  return kafkaConnectionOf(loadSettings(KAFKA_CONNECTION_SETTINGS));
}

/** The same as environment variables, for settings a test loads or a service it starts as a process. */
export function testKafkaEnvironment() {
  return kafkaEnvironmentOf(testKafka());
}

/** The same as service settings, for a service a test starts in its own process's memory. */
export function testKafkaSettings() {
  testKafkaBrokers();
  return loadSettings(KAFKA_CONNECTION_SETTINGS);
}

/** A maintenance-database URL on the PostgreSQL server that Jest global setup provisioned. */
export function testPostgresAdminUrl(): string {
  return requiredVariable(POSTGRES_ADMIN_URL_ENV);
}

/** The same server as this run's services' login: a member of lantern_service that cannot change the schema. */
export function testPostgresServiceUrl(): string {
  return requiredVariable(POSTGRES_SERVICE_URL_ENV);
}

/** The login the services of one Jest run use on every database of that run. */
export function testServiceLogin(runId: string): string {
  return `lantern_t_${runId}_service`;
}

export function testRunId(): string {
  return requiredVariable(RUN_ID_ENV);
}

function requiredVariable(variable: string): string {
  const value = process.env[variable];
  if (!value) throw notProvisioned(variable);
  return value;
}

function notProvisioned(variable: string): Error {
  return new Error(`${variable} is not set: run tests with Jest from the workspace root, whose global setup provisions Kafka and PostgreSQL`);
}
