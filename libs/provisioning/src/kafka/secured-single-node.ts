import type { KafkaConnection } from '@lantern/kafka';
import { randomBytes } from 'node:crypto';
import { BROKER_USER, type BrokerSecurity, HUB_USER } from './broker-security';
import { renderServerProperties, type SingleNodeKafkaLayout, singleNodeKafkaSettings } from './server-properties';

/** Where the broker reads its configuration and TLS material: host paths for the local JVM, paths inside a container. */
export interface SecuredNodeFiles {
  propertiesFile: string;
  keystoreFile: string;
  truststoreFile: string;
}

/**
 * The one secured single-node broker every launcher starts (the local JVM broker and the
 * testcontainers broker alike, ADR 0017): its server.properties settings, the storage tool's
 * `format` arguments that put the broker's and the hub's SCRAM credentials in place before the
 * first start (KIP-900), and what the hub's services connect as.
 */
export interface SecuredSingleNode {
  settings: Record<string, string>;
  /** After `kafka.tools.StorageTool` or `kafka-storage.sh`. */
  formatArguments: string[];
  connection: KafkaConnection;
}

export function securedSingleNode(layout: SingleNodeKafkaLayout, files: SecuredNodeFiles, security: BrokerSecurity): SecuredSingleNode {
  const settings = singleNodeKafkaSettings(layout, {
    keystoreFile: files.keystoreFile,
    truststoreFile: files.truststoreFile,
    brokerUser: BROKER_USER,
    brokerPassword: security.brokerPassword,
    superUsers: [BROKER_USER, HUB_USER],
  });
  const principals = [
    { user: BROKER_USER, password: security.brokerPassword },
    { user: HUB_USER, password: security.hubPassword },
  ];
  const formatArguments = [
    'format',
    `--cluster-id=${newClusterId()}`,
    '-c',
    files.propertiesFile,
    ...principals.flatMap(({ user, password }) => ['--add-scram', `SCRAM-SHA-512=[name=${user},password=${password}]`]),
  ];
  const connection: KafkaConnection = {
    brokers: [`${layout.advertisedHost}:${layout.port}`],
    security: { caPem: security.caPem, username: HUB_USER, password: security.hubPassword },
  };
  return { settings, formatArguments, connection };
}

/**
 * KRaft cluster ids are 16 random bytes in base64url (22 characters). One in 64 starts with
 * '-', which the storage tool would read as an option: hence `--cluster-id=<id>` above.
 */
function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** Where things are inside a Kafka image: its distribution's scripts, a folder for our files and the data folder. */
export interface KafkaImageLayout {
  kafkaBin: string;
  configDir: string;
  dataDir: string;
}

/** The apache/kafka image; the config folder is one its own user can read. */
export const APACHE_KAFKA_IMAGE: KafkaImageLayout = { kafkaBin: '/opt/kafka/bin', configDir: '/tmp/lantern-kafka', dataDir: '/var/lib/kafka/data' };

/** How to run the secured single node in the apache/kafka image: files to copy in, then format and start. */
export interface KafkaContainerLaunch {
  files: Array<{ content: string; target: string; mode: number }>;
  entrypoint: string[];
  command: string[];
  connection: KafkaConnection;
}

export function kafkaContainerLaunch(
  at: { host: string; port: number; controllerPort: number },
  security: BrokerSecurity,
  image: KafkaImageLayout = APACHE_KAFKA_IMAGE,
): KafkaContainerLaunch {
  const files: SecuredNodeFiles = {
    propertiesFile: `${image.configDir}/server.properties`,
    keystoreFile: `${image.configDir}/broker-keystore.pem`,
    truststoreFile: `${image.configDir}/ca.pem`,
  };
  const node = securedSingleNode({ listenHost: '0.0.0.0', advertisedHost: at.host, port: at.port, controllerPort: at.controllerPort, logDir: image.dataDir }, files, security);
  // Copied in as root; the image runs as its own user, which must read them (a throwaway test broker).
  const readable = 0o644;
  return {
    files: [
      { content: renderServerProperties(node.settings), target: files.propertiesFile, mode: readable },
      { content: security.keystorePem, target: files.keystoreFile, mode: readable },
      { content: security.caPem, target: files.truststoreFile, mode: readable },
    ],
    // The format arguments pass as the script's own arguments: no shell quoting of passwords or brackets.
    entrypoint: ['/bin/bash', '-c', `set -e; ${image.kafkaBin}/kafka-storage.sh "$@"; exec ${image.kafkaBin}/kafka-server-start.sh ${files.propertiesFile}`, 'lantern-kafka'],
    command: node.formatArguments,
    connection: node.connection,
  };
}
