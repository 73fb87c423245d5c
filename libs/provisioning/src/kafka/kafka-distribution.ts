import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireCommands } from '../system/commands';
import { lastLines } from '../system/text';
import { lanternStateDir, workspaceRoot } from '../system/workspace';

const execFileAsync = promisify(execFile);
const MAVEN_TIMEOUT_MS = 10 * 60_000;

/** infra/kafka pins the broker (pom.xml) and its logging (log4j.properties). */
export function kafkaInfraDir(): string {
  return path.join(workspaceRoot(), 'infra', 'kafka');
}

export function kafkaLog4jConfig(): string {
  return path.join(kafkaInfraDir(), 'log4j.properties');
}

/** The pinned broker version: the `kafka.version` property of infra/kafka/pom.xml. */
export function kafkaVersion(): string {
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readPom())?.[1];
  if (!version) throw new Error(`No <kafka.version> property in ${pomPath()}`);
  return version.trim();
}

/**
 * The folder holding every runtime jar of the pinned broker, resolved with Maven on first use.
 * The cache folder's name carries a hash of pom.xml, so editing the pom resolves afresh.
 */
export async function resolveKafkaJars(log: (line: string) => void): Promise<string> {
  const pomHash = createHash('sha256').update(readPom()).digest('hex').slice(0, 12);
  const libsDir = lanternStateDir('kafka', `libs-${kafkaVersion()}-${pomHash}`);
  if (existsSync(libsDir)) return libsDir;

  requireCommands([{ command: 'mvn', install: 'Apache Maven 3.6+ (e.g. `apt install maven`, `brew install maven`)' }]);
  log(`Resolving Kafka ${kafkaVersion()} jars from Maven Central into ${path.relative(workspaceRoot(), libsDir)} (first run only)`);
  // Resolve into a private folder and rename it into place, so a concurrent run never sees half a set.
  const partialDir = `${libsDir}.partial-${process.pid}`;
  await mkdir(path.dirname(libsDir), { recursive: true });
  try {
    await execFileAsync('mvn', ['-q', '-B', '-f', pomPath(), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${partialDir}`], {
      timeout: MAVEN_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    await rename(partialDir, libsDir);
  } catch (error) {
    await rm(partialDir, { recursive: true, force: true });
    if (existsSync(libsDir)) return libsDir; // another run finished first
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`Maven could not resolve the Kafka jars from ${pomPath()}:\n${lastLines(`${stdout}\n${stderr}`, 30)}`, {
      cause: error,
    });
  }
  return libsDir;
}

function pomPath(): string {
  return path.join(kafkaInfraDir(), 'pom.xml');
}

function readPom(): string {
  return readFileSync(pomPath(), 'utf8');
}
