/** Where a single-node KRaft Kafka (combined broker and controller) listens and keeps its data. */
export interface SingleNodeKafkaLayout {
  /** Interface the listeners bind: '127.0.0.1' locally, '0.0.0.0' inside a container. */
  listenHost: string;
  /** Host clients are told to connect to. */
  advertisedHost: string;
  port: number;
  controllerPort: number;
  logDir: string;
}

/**
 * A secured broker (ADR 0017): clients only over TLS with SASL/SCRAM-SHA-512, every operation
 * authorised by ACLs, the broker and hub principals super users. The controller listener stays
 * on loopback (SCRAM without TLS, never advertised).
 */
export interface SecuredKafkaLayout {
  keystoreFile: string;
  truststoreFile: string;
  brokerUser: string;
  brokerPassword: string;
  superUsers: string[];
}

/**
 * The broker settings every Lantern development and test broker shares (local JVM, testcontainers).
 * Keys are Kafka's server.properties names. Every client must authenticate: there is no plaintext
 * listener for clients, so nothing is tested against a broker laxer than the hub's.
 */
export function singleNodeKafkaSettings(layout: SingleNodeKafkaLayout, security: SecuredKafkaLayout): Record<string, string> {
  const { controllerPort, logDir } = layout;
  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    ...securedListeners(layout, security),
    'log.dirs': logDir,
    // Code creates its topics explicitly (with the partitions it needs); a typo must not create one.
    'auto.create.topics.enable': 'false',
    'num.partitions': '3',
    // One node: internal topics cannot be replicated.
    'offsets.topic.replication.factor': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    // The default 50 offset partitions make the first consumer group join slow.
    'offsets.topic.num.partitions': '1',
    // The default 3 s delay only helps groups whose members start one by one.
    'group.initial.rebalance.delay.ms': '0',
  };
}

// Checked settings: ../shared/reference/kafka-security.md sections 1 and 3.
function securedListeners({ listenHost, advertisedHost, port, controllerPort }: SingleNodeKafkaLayout, security: SecuredKafkaLayout): Record<string, string> {
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${security.brokerUser}" password="${security.brokerPassword}";`;
  return {
    listeners: `CLIENT://${listenHost}:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `CLIENT://${advertisedHost}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'CLIENT',
    'listener.security.protocol.map': 'CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    'sasl.mechanism.controller.protocol': 'SCRAM-SHA-512',
    'listener.name.client.scram-sha-512.sasl.jaas.config': jaas,
    'listener.name.controller.scram-sha-512.sasl.jaas.config': jaas,
    'listener.name.client.ssl.keystore.type': 'PEM',
    'listener.name.client.ssl.keystore.location': security.keystoreFile,
    'listener.name.client.ssl.truststore.type': 'PEM',
    'listener.name.client.ssl.truststore.location': security.truststoreFile,
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': security.superUsers.map((user) => `User:${user}`).join(';'),
    'allow.everyone.if.no.acl.found': 'false',
  };
}

export function renderServerProperties(settings: Record<string, string>): string {
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Written by @lantern/provisioning; regenerated on every start.\n${lines.join('\n')}\n`;
}
