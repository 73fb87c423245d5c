import { type AccessGrant, createKafka, type KafkaConnection } from '@lantern/kafka';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { lastLines } from '../system/text';
import { kafkaLog4jConfig, resolveKafkaJars } from './kafka-distribution';

const execFileAsync = promisify(execFile);
const CONFIG_COMMAND_MAIN_CLASS = 'kafka.admin.ConfigCommand';
const SCRAM_ITERATIONS = 8192;

/** A producing system's Kafka identity: a SCRAM login that may write only under its own topic prefix (ADR 0017). */
export interface ProducingPrincipal {
  username: string;
  /** Shown once to whoever registers it; the broker keeps only the salted SCRAM form. */
  password: string;
  topicPrefix: string;
}

/**
 * Registers a producing system on a secured cluster: a SCRAM-SHA-512 credential (through
 * Kafka's ConfigCommand, since kafkajs cannot alter SCRAM credentials) and a PREFIXED WRITE ACL
 * on its topic prefix (libs/ingest's HubTopics.producerPrefix names it), nothing else. `hub` must be a principal allowed to alter credentials and
 * ACLs (the hub's own super user).
 */
export async function registerProducingPrincipal(hub: KafkaConnection, producerId: string, topicPrefix: string, options: { log?: (line: string) => void } = {}): Promise<ProducingPrincipal> {
  const password = await registerPrincipal(hub, producerId, [{ principal: producerId, resource: 'topic', name: topicPrefix, pattern: 'prefixed', operation: 'write' }], options);
  return { username: producerId, password, topicPrefix };
}

/** A school's or district's Kafka identity for its Handle with Care notices: a SCRAM login that may read only its own notice topic. */
export interface NoticeReaderPrincipal {
  username: string;
  /** Shown once; the broker keeps only the salted SCRAM form. */
  password: string;
  /** The consumer groups it may use start with this. */
  groupPrefix: string;
}

/**
 * Registers a school's or district's reader of its notice topic (ADR 0017): a SCRAM credential,
 * READ on exactly `noticeTopic` (care-notices' careNoticeTopic names it) and READ on the consumer
 * groups under its own prefix, nothing else: no other school's notices, no records, no dead letters.
 */
export async function registerNoticeReaderPrincipal(
  hub: KafkaConnection,
  organizationId: string,
  noticeTopic: string,
  options: { log?: (line: string) => void } = {},
): Promise<NoticeReaderPrincipal> {
  const username = `notices-${organizationId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
  const groupPrefix = `${username}.`;
  const password = await registerPrincipal(
    hub,
    username,
    [
      { principal: username, resource: 'topic', name: noticeTopic, pattern: 'literal', operation: 'read' },
      { principal: username, resource: 'group', name: groupPrefix, pattern: 'prefixed', operation: 'read' },
    ],
    options,
  );
  return { username, password, groupPrefix };
}

const LOGIN_ATTEMPTS = 20;
const LOGIN_RETRY_MS = 250;

/**
 * A new principal with a random password and exactly these grants; resolves once the principal
 * can log in (the broker learns new SCRAM credentials asynchronously), so whoever is handed the
 * password can use it at once. Returns the password.
 */
async function registerPrincipal(hub: KafkaConnection, user: string, grants: AccessGrant[], options: { log?: (line: string) => void }): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  await addScramCredential(hub, user, password, options.log ?? (() => undefined));
  const admin = createKafka(hub, 'lantern-principal-registration').admin();
  await admin.connect();
  try {
    await admin.grantAccess(grants);
  } finally {
    await admin.disconnect();
  }
  await untilLoginWorks({ brokers: hub.brokers, security: { ...hub.security!, username: user, password } });
  return password;
}

async function untilLoginWorks(connection: KafkaConnection): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const admin = createKafka(connection, 'lantern-principal-registration', undefined, { connectionTimeoutMs: 3_000, requestTimeoutMs: 5_000, retries: 0 }).admin();
    try {
      await admin.connect();
      return;
    } catch (error) {
      if (attempt >= LOGIN_ATTEMPTS || !/SASL|authentication/i.test(String((error as Error).message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOGIN_RETRY_MS));
    } finally {
      await admin.disconnect();
    }
  }
}

async function addScramCredential(hub: KafkaConnection, user: string, password: string, log: (line: string) => void): Promise<void> {
  if (!hub.security) throw new Error('registering a Kafka principal needs a secured cluster (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_CA_PEM)');
  const libsDir = await resolveKafkaJars(log);
  // The hub's credentials and the CA go to a private folder for the one command, then are removed.
  const folder = await mkdtemp(path.join(tmpdir(), 'lantern-scram-'));
  try {
    const caFile = path.join(folder, 'ca.pem');
    const propertiesFile = path.join(folder, 'admin.properties');
    await writeFile(caFile, hub.security.caPem, { mode: 0o600 });
    await writeFile(
      propertiesFile,
      [
        'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-512',
        `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${hub.security.username}" password="${hub.security.password}";`,
        'ssl.truststore.type=PEM',
        `ssl.truststore.location=${caFile}`,
      ].join('\n'),
      { mode: 0o600 },
    );
    const args = [
      `-Dlog4j.configuration=file:${kafkaLog4jConfig()}`,
      '-cp',
      path.join(libsDir, '*'),
      CONFIG_COMMAND_MAIN_CLASS,
      '--bootstrap-server',
      hub.brokers[0],
      '--command-config',
      propertiesFile,
      '--alter',
      '--add-config',
      `SCRAM-SHA-512=[iterations=${SCRAM_ITERATIONS},password=${password}]`,
      '--entity-type',
      'users',
      '--entity-name',
      user,
    ];
    await execFileAsync('java', args).catch((error: { stdout?: string; stderr?: string }) => {
      // The command line holds the new password: report only Kafka's own words.
      throw new Error(`Kafka did not register the credential of ${user}:\n${lastLines(`${error.stdout ?? ''}\n${error.stderr ?? ''}`, 10)}`);
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
