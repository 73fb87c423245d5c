// `npm run kafka:start` / `npm run kafka:stop`: a detached development broker on 127.0.0.1:9092,
// from the Maven jars pinned in infra/kafka/pom.xml. State lives in .lantern/kafka (git-ignored).
import { kafkaEnvironmentOf } from '@lantern/kafka';
import { isLocalKafka, lanternStateDir, startLocalKafka, stopLocalKafka } from '@lantern/provisioning';
import { readFile, rm, writeFile } from 'node:fs/promises';

const BROKER_PORT = 9092;
const pidFile = lanternStateDir('kafka', 'kafka.pid');
/** The hub's KAFKA_* settings for this broker, for a shell to source: the password stays in a file only its owner reads, never on screen. */
const clientSettingsFile = lanternStateDir('kafka', 'hub-client.env');
const useSettings = `The hub's services connect with the settings in ${clientSettingsFile} (\`set -a; . ${clientSettingsFile}; set +a\`)`;

async function start(): Promise<void> {
  const pid = await readPid();
  if (pid !== undefined && isLocalKafka(pid)) {
    console.log(`Kafka is already running on 127.0.0.1:${BROKER_PORT} (pid ${pid}). ${useSettings}`);
    return;
  }
  const kafka = await startLocalKafka({
    stateDir: lanternStateDir('kafka', 'broker'),
    port: BROKER_PORT,
    detached: true,
    log: (line) => console.log(line),
  });
  await writeFile(pidFile, `${kafka.pid}\n`);
  // Single quotes keep the CA's lines whole; none of the values holds one.
  const settings = Object.entries(kafkaEnvironmentOf(kafka.connection)).map(([name, value]) => `${name}='${value}'`);
  await writeFile(clientSettingsFile, `${settings.join('\n')}\n`, { mode: 0o600 });
  console.log(`${useSettings}; broker logs in ${lanternStateDir('kafka', 'broker', 'logs')}`);
}

async function stop(): Promise<void> {
  const pid = await readPid();
  const stopped = pid !== undefined && (await stopLocalKafka(pid));
  await rm(pidFile, { force: true });
  console.log(stopped ? `Kafka stopped (pid ${pid})` : 'Kafka was not running');
}

async function readPid(): Promise<number | undefined> {
  const text = await readFile(pidFile, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

const commands: Record<string, () => Promise<void>> = { start, stop };
const command = commands[process.argv[2] ?? ''];
if (!command) {
  console.error('Usage: kafka-cli.ts start|stop');
  process.exitCode = 2;
} else {
  command().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
