import { renderServerProperties, singleNodeKafkaSettings } from './server-properties';

const layout = { listenHost: '127.0.0.1', advertisedHost: '127.0.0.1', port: 19092, controllerPort: 19093, logDir: '/state/data' };
const security = { keystoreFile: '/s/keystore.pem', truststoreFile: '/s/ca.pem', brokerUser: 'broker', brokerPassword: 'pw', superUsers: ['broker', 'lantern'] };

describe('single-node Kafka settings', () => {
  it('combine broker and controller on the given ports', () => {
    expect(singleNodeKafkaSettings(layout, security)).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:19093',
      'log.dirs': '/state/data',
    });
  });

  it('take clients only over TLS with SCRAM, authorise by ACL and deny what none grants', () => {
    const settings = singleNodeKafkaSettings(layout, security);
    expect(settings).toMatchObject({
      listeners: 'CLIENT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093',
      'advertised.listeners': 'CLIENT://127.0.0.1:19092',
      'listener.security.protocol.map': 'CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.client.ssl.keystore.location': '/s/keystore.pem',
      'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      'super.users': 'User:broker;User:lantern',
      'allow.everyone.if.no.acl.found': 'false',
    });
    expect(Object.values(settings).join('\n')).not.toMatch(/PLAINTEXT:\/\//);
  });

  it('make code create its topics and keep internal topics small and unreplicated', () => {
    expect(singleNodeKafkaSettings(layout, security)).toMatchObject({
      'auto.create.topics.enable': 'false',
      'num.partitions': '3',
      'offsets.topic.num.partitions': '1',
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'group.initial.rebalance.delay.ms': '0',
    });
  });

  it('render as server.properties lines', () => {
    const lines = renderServerProperties({ 'node.id': '1', 'log.dirs': '/state/data' }).split('\n');
    expect(lines).toContain('node.id=1');
    expect(lines).toContain('log.dirs=/state/data');
  });
});
