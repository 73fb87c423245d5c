import { createKafka, describeCluster, ensureTopics, type KafkaConnection } from '@lantern/kafka';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../system/ports';
import { terminateProcess } from '../system/processes';
import { brokerSecurity } from './broker-security';
import { kafkaLog4jConfig, resolveKafkaJars } from './kafka-distribution';
import { APACHE_KAFKA_IMAGE, kafkaContainerLaunch, type KafkaImageLayout } from './secured-single-node';
import { waitForKafka } from './wait-for-kafka';

// Machines with Docker start the test broker through testcontainers; this machine has none. So the
// launch testcontainers is given (files copied in, entrypoint, command) runs here as the image would
// run it, with the distribution's two scripts standing in as they ship: each runs one main class.
describe('the testcontainers broker launch', () => {
  let folder: string;
  beforeEach(async () => void (folder = await mkdtemp(path.join(os.tmpdir(), 'lantern-kafka-image-'))));
  afterEach(async () => rm(folder, { recursive: true, force: true }));

  it('names the files it copies in, advertises the container host over SASL_SSL and formats both SCRAM principals before the broker starts', async () => {
    const security = await brokerSecurity(path.join(folder, 'security'), ['docker-host.example']);
    const launch = kafkaContainerLaunch({ host: 'docker-host.example', port: 39092, controllerPort: 9093 }, security);
    const properties = launch.files.find((file) => file.target === `${APACHE_KAFKA_IMAGE.configDir}/server.properties`)!.content;
    expect(properties).toContain('advertised.listeners=CLIENT://docker-host.example:39092');
    expect(properties).toContain('listener.security.protocol.map=CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT');
    expect(properties).not.toMatch(/PLAINTEXT:\/\//);
    for (const key of ['listener.name.client.ssl.keystore.location', 'listener.name.client.ssl.truststore.location']) {
      expect(launch.files.map((file) => file.target)).toContain(properties.match(new RegExp(`^${key.replaceAll('.', '\\.')}=(.*)$`, 'm'))![1]);
    }
    expect(launch.command.filter((argument) => argument.startsWith('SCRAM-SHA-512=')).map((argument) => argument.match(/name=(\w+)/)![1])).toEqual(['broker', 'lantern']);
    expect(launch.connection).toMatchObject({ brokers: ['docker-host.example:39092'], security: { username: 'lantern', caPem: security.caPem } });
    // The broker's certificate (the keystore's first) holds the host clients reach the container at.
    const brokerCertificate = new X509Certificate(security.keystorePem.slice(security.keystorePem.indexOf('-----BEGIN CERTIFICATE-----')));
    expect(brokerCertificate.subjectAltName).toContain('DNS:docker-host.example');
  });

  it('run as the image runs it, serves the hub over TLS with SCRAM and refuses a client that does not authenticate', async () => {
    const jars = await resolveKafkaJars(() => undefined);
    const image: KafkaImageLayout = { kafkaBin: path.join(folder, 'bin'), configDir: path.join(folder, 'config'), dataDir: path.join(folder, 'data') };
    const java = `exec java -Dlog4j.configuration=file:${kafkaLog4jConfig()} -Dkafka.logs.dir=${path.join(folder, 'logs')} -cp '${path.join(jars, '*')}'`;
    await mkdir(image.kafkaBin);
    await writeFile(path.join(image.kafkaBin, 'kafka-storage.sh'), `#!/bin/bash\n${java} kafka.tools.StorageTool "$@"\n`, { mode: 0o755 });
    await writeFile(path.join(image.kafkaBin, 'kafka-server-start.sh'), `#!/bin/bash\n${java} -Xmx512m kafka.Kafka "$@"\n`, { mode: 0o755 });

    const security = await brokerSecurity(path.join(folder, 'security'), ['127.0.0.1']);
    const launch = kafkaContainerLaunch({ host: '127.0.0.1', port: await findFreePort(), controllerPort: await findFreePort() }, security, image);
    for (const file of launch.files) {
      await mkdir(path.dirname(file.target), { recursive: true });
      await writeFile(file.target, file.content, { mode: file.mode });
    }
    const container = spawn(launch.entrypoint[0]!, [...launch.entrypoint.slice(1), ...launch.command], { stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: Buffer[] = [];
    container.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    try {
      await waitForKafka(launch.connection, { timeoutMs: 60_000 }).catch((error: Error) => {
        throw new Error(`${error.message}\n${Buffer.concat(stderr).toString()}`);
      });
      await ensureTopics(createKafka(launch.connection, 'container-launch-test'), [{ topic: 'launch.check' }]);
      const quick = { connectionTimeoutMs: 2_000, requestTimeoutMs: 3_000, retries: 0 };
      const answers = (other: KafkaConnection) => describeCluster(createKafka(other, 'container-launch-intruder', undefined, quick));
      await expect(answers({ brokers: launch.connection.brokers })).rejects.toThrow();
      await expect(answers({ ...launch.connection, security: { ...launch.connection.security!, password: 'guess' } })).rejects.toThrow();
    } finally {
      await terminateProcess(container.pid!, 20_000);
    }
  });
});
