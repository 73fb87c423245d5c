import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireCommands } from '../system/commands';
import { portOrFree } from '../system/ports';
import { commandLineOf, terminateProcess } from '../system/processes';
import { lastLines, readFileOrEmpty } from '../system/text';
import { kafkaLog4jConfig, kafkaVersion, resolveKafkaJars } from './kafka-distribution';
import type { KafkaConnection } from '@lantern/kafka';
import { brokerSecurity } from './broker-security';
import { securedSingleNode } from './secured-single-node';
import { renderServerProperties } from './server-properties';
import { waitForKafka } from './wait-for-kafka';

const execFileAsync = promisify(execFile);

const BROKER_MAIN_CLASS = 'kafka.Kafka';
const STORAGE_TOOL_MAIN_CLASS = 'kafka.tools.StorageTool';
const HEAP_AND_GC = ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC'];
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 20_000;
const LOG_TAIL_LINES = 40;

export interface StartLocalKafkaOptions {
  /** Folder for server.properties, the broker's data (data/) and logs (logs/). Reused across starts. */
  stateDir: string;
  /** Client port on 127.0.0.1; 0 or undefined picks a free port. */
  port?: number;
  /** KRaft controller port on 127.0.0.1; 0 or undefined picks a free port. */
  controllerPort?: number;
  /** Keep the broker running after this Node process exits (for `npm run kafka:start`). */
  detached?: boolean;
  log?: (line: string) => void;
}

export interface RunningKafka {
  brokers: string[];
  /** The brokers with the hub's own identity (a super user): what the hub's services connect as. */
  connection: KafkaConnection;
  pid: number;
  /** SIGTERM, SIGKILL after 20 s; resolves once the broker process has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a real single-node KRaft Kafka broker from the Maven Central jars pinned in
 * infra/kafka/pom.xml, with the JDK on PATH, and resolves once it serves clients.
 */
export async function startLocalKafka(options: StartLocalKafkaOptions): Promise<RunningKafka> {
  const log = options.log ?? (() => undefined);
  requireCommands([{ command: 'java', install: 'a Java 17+ runtime (e.g. `apt install openjdk-17-jre-headless`, `brew install openjdk@17`)' }]);
  const libsDir = await resolveKafkaJars(log);

  const stateDir = path.resolve(options.stateDir);
  const dataDir = path.join(stateDir, 'data');
  const logsDir = path.join(stateDir, 'logs');
  const propertiesFile = path.join(stateDir, 'server.properties');
  const port = await portOrFree(options.port);
  const controllerPort = await portOrFree(options.controllerPort);
  await mkdir(logsDir, { recursive: true });
  const security = await brokerSecurity(stateDir);
  const node = securedSingleNode(
    { listenHost: '127.0.0.1', advertisedHost: '127.0.0.1', port, controllerPort, logDir: dataDir },
    { propertiesFile, keystoreFile: security.keystoreFile, truststoreFile: security.truststoreFile },
    security,
  );
  await writeFile(propertiesFile, renderServerProperties(node.settings), { mode: 0o600 });

  const jvmArgs = [`-Dlog4j.configuration=file:${kafkaLog4jConfig()}`, `-Dkafka.logs.dir=${logsDir}`, '-cp', path.join(libsDir, '*')];
  // Data formatted before these principals existed (an older plaintext broker) cannot hold them: start afresh.
  if (security.created) await rm(dataDir, { recursive: true, force: true });
  // A formatted data dir keeps its cluster id and principals; formatting it again with a new id would fail.
  if (!existsSync(path.join(dataDir, 'meta.properties'))) await formatStorage(jvmArgs, node.formatArguments);

  const startedAt = Date.now();
  const broker = spawnBroker([...HEAP_AND_GC, ...jvmArgs, BROKER_MAIN_CLASS, propertiesFile], logsDir, options.detached ?? false);
  const { connection } = node;
  const { brokers } = connection;
  const running: RunningKafka = {
    brokers,
    connection,
    pid: broker.pid,
    stop: async () => {
      broker.forget();
      await terminateProcess(broker.pid, STOP_GRACE_MS);
    },
  };

  try {
    await waitForKafka(connection, { timeoutMs: READY_TIMEOUT_MS, signal: broker.exited });
  } catch (error) {
    await running.stop();
    throw new Error(`Local Kafka did not start: ${(error as Error).message}\n${brokerLogTail(logsDir)}`, { cause: error });
  }
  log(`Kafka ${kafkaVersion()} ready on ${brokers.join(',')} (pid ${broker.pid}, ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  return running;
}

/** Stops a detached broker started by an earlier process; false when `pid` is not a running broker. */
export async function stopLocalKafka(pid: number): Promise<boolean> {
  if (!isLocalKafka(pid)) return false;
  await terminateProcess(pid, STOP_GRACE_MS);
  return true;
}

/** True when `pid` is a running broker of ours, so a stale pid file never kills an unrelated process. */
export function isLocalKafka(pid: number): boolean {
  return commandLineOf(pid)?.includes(BROKER_MAIN_CLASS) ?? false;
}

/** Formats the data folder with the SCRAM credentials of the broker and hub principals, which must exist before the first start. */
async function formatStorage(jvmArgs: string[], formatArguments: string[]): Promise<void> {
  try {
    await execFileAsync('java', [...jvmArgs, STORAGE_TOOL_MAIN_CLASS, ...formatArguments]);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`Formatting Kafka storage failed:\n${lastLines(`${stdout}\n${stderr}`, LOG_TAIL_LINES)}`, { cause: error });
  }
}

interface BrokerProcess {
  pid: number;
  /** Aborted (with the reason) when the process exits. */
  exited: AbortSignal;
  /** Drops the kill-on-exit hook, once stop() takes over. */
  forget(): void;
}

function spawnBroker(args: string[], logsDir: string, detached: boolean): BrokerProcess {
  // The JVM's own stdout/stderr (crash messages before log4j starts) go to a file, not ours.
  const output = openSync(path.join(logsDir, 'jvm.out'), 'a');
  const child = spawn('java', args, { detached, stdio: ['ignore', output, output] });
  closeSync(output);
  const exited = new AbortController();
  child.once('error', (error) => exited.abort(error));
  child.once('exit', (code, signal) => exited.abort(new Error(`the broker process exited (${signal ?? `code ${code}`})`)));
  if (child.pid === undefined) throw new Error('Could not spawn `java` for the Kafka broker');
  const pid = child.pid;

  // An attached broker must not outlive this process: at exit there is no time for a graceful stop.
  const killBroker = () => child.kill('SIGKILL');
  if (detached) child.unref();
  else process.once('exit', killBroker);

  return { pid, exited: exited.signal, forget: () => process.removeListener('exit', killBroker) };
}

/**
 * What to show when the broker fails: the JVM's own output and the first ERROR entries of
 * server.log (the root cause comes first; shutdown noise follows), else the log's last lines.
 */
function brokerLogTail(logsDir: string): string {
  const jvmOutput = lastLines(readFileOrEmpty(path.join(logsDir, 'jvm.out')), LOG_TAIL_LINES);
  const serverLogFile = path.join(logsDir, 'server.log');
  const serverLog = readFileOrEmpty(serverLogFile);
  const errors = firstErrorEntries(serverLog, 5);
  return [jvmOutput && `--- JVM output ---\n${jvmOutput}`, `--- ${errors ? 'first errors in' : 'last lines of'} ${serverLogFile} ---\n${errors || lastLines(serverLog, LOG_TAIL_LINES)}`]
    .filter(Boolean)
    .join('\n');
}

/** ERROR/FATAL lines of a log4j log, each with the exception message on the line after it. */
function firstErrorEntries(log: string, count: number): string {
  const lines = log.split('\n');
  return lines
    .flatMap((line, index) => (/\] (ERROR|FATAL) /.test(line) ? [[line, lines[index + 1] ?? ''].join('\n').trimEnd()] : []))
    .slice(0, count)
    .join('\n');
}
