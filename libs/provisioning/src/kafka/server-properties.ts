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
 * The broker settings every Lantern development and test broker shares (local JVM, testcontainers;
 * docker-compose.yml repeats them by hand). Keys are Kafka's server.properties names.
 */
export function singleNodeKafkaSettings(layout: SingleNodeKafkaLayout): Record<string, string> {
  const { listenHost, advertisedHost, port, controllerPort, logDir } = layout;
  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://${listenHost}:${port},CONTROLLER://${listenHost}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${advertisedHost}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
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

export function renderServerProperties(settings: Record<string, string>): string {
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Written by @lantern/provisioning; regenerated on every start.\n${lines.join('\n')}\n`;
}

/**
 * The same settings as environment variables for the apache/kafka image, which turns
 * KAFKA_FOO_BAR into foo.bar (our keys hold no '_' or '-', which it would encode differently).
 */
export function kafkaImageEnvironment(settings: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [`KAFKA_${key.toUpperCase().replaceAll('.', '_')}`, value]));
}
