import {
  AUDIT_CHECKPOINT_TOPIC,
  AuditChainVerifier,
  checkpointExpectation,
  latestCheckpoint,
  signedCheckpointsAmong,
  type AuditCheckpoint,
  type ChainVerdict,
  type ExpectedEntry,
} from '@lantern/audit';
import { HUB_CONNECTION_SETTINGS, KAFKA_CONNECTION_SETTINGS, loadSettingsOrExit } from '@lantern/config';
import { createKafka, kafkaConnectionOf, readTopicToEnd } from '@lantern/kafka';
import { createServiceDataSource } from '@lantern/persistence';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError, type Command, type CommandIo } from '../command';

const USAGE = `Usage: lantern audit verify [--expect-head <seq>:<sha256>] [--checkpoints --checkpoint-key <public-key.pem>]

Walks the hub's hash-chained audit log from its first entry and proves every entry intact
and in place, or names the first entry that was altered, inserted, or that follows deleted
entries (docs/adr/0006-audit-hash-chain.md). Prints the head it verified.

Entries cut from the log's end, or a log rewritten from some entry on with fresh hashes, leave a
chain that verifies; only a head recorded outside the database shows them. Give one:
  --expect-head <seq>:<sha256>   a head printed by an earlier run (repeatable): the chain must
                                 still contain entry <seq> with that hash
  --checkpoints                  every checkpoint the worker signed and published to
                                 hub.audit-checkpoints.v1: each must be signed by the key given
                                 with --checkpoint-key, and the chain must still contain it
  --checkpoint-key <file>        the checkpoint key's public key (PEM; openssl pkey -pubout)
  -h, --help                     show this help

Environment: DATABASE_URL (required; a login that cannot change the schema, e.g. the services',
never the tables' owner); with --checkpoints also KAFKA_BROKERS (required) and LANTERN_TOPIC_PREFIX.
Exit status: 0 when the chain is intact and contains every expected entry; 1 when it is broken,
lacks one, a checkpoint is badly signed or missing, or the database could not be read;
2 for bad arguments; 78 for bad settings (a login that could change the schema included).
`;

/** PostgreSQL's undefined_table: the migrations have not run against this database. */
const UNDEFINED_TABLE = '42P01';

interface VerifyOptions {
  expectedHeads: ExpectedEntry[];
  /** The file holding the checkpoint key's public key, when checkpoints are to be checked. */
  checkpointKeyFile?: string;
}

function parseVerifyArguments(args: string[]): VerifyOptions | 'help' {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        'expect-head': { type: 'string', multiple: true, default: [] },
        checkpoints: { type: 'boolean', default: false },
        'checkpoint-key': { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  // Without a trusted key a checkpoint proves only that someone wrote to the topic.
  if (values.checkpoints !== (values['checkpoint-key'] !== undefined)) throw new UsageError('--checkpoints and --checkpoint-key <public key file> go together');
  return { expectedHeads: values['expect-head'].map(expectedHead), checkpointKeyFile: values['checkpoint-key'] };
}

function expectedHead(text: string): ExpectedEntry {
  const match = /^([1-9]\d{0,18}):([0-9a-fA-F]{64})$/.exec(text);
  if (!match) throw new UsageError(`--expect-head "${text}" is not <seq>:<sha256>, e.g. 42:${'0'.repeat(64)}`);
  return { id: match[1], hash: match[2].toLowerCase(), source: 'the expected head' };
}

const entries = (count: number) => `${count} ${count === 1 ? 'entry' : 'entries'}`;

function renderVerdict(verdict: ChainVerdict): string {
  if (verdict.intact) {
    const head = verdict.head ? ` (head: entry ${verdict.head.id}, sha256 ${verdict.head.hash})` : '';
    return `audit chain intact: ${entries(verdict.entries)}${head}\n`;
  }
  const { problem, entryId, explanation } = verdict.firstBreak;
  return `audit chain broken at entry ${entryId} (${problem}): ${explanation}\n${entries(verdict.entriesBeforeBreak)} before it intact.\n`;
}

/** The signed checkpoints on the topic, and what is wrong with any message there that is not one. */
async function signedCheckpoints(keyFile: string): Promise<{ topic: string; checkpoints: AuditCheckpoint[]; problems: string[] }> {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(await readFile(keyFile, 'utf8'));
  } catch {
    return { topic: AUDIT_CHECKPOINT_TOPIC, checkpoints: [], problems: [`--checkpoint-key ${keyFile}: cannot read a PEM public key from it`] };
  }
  const settings = loadSettingsOrExit({ ...KAFKA_CONNECTION_SETTINGS, LANTERN_TOPIC_PREFIX: HUB_CONNECTION_SETTINGS.LANTERN_TOPIC_PREFIX });
  const topic = settings.LANTERN_TOPIC_PREFIX + AUDIT_CHECKPOINT_TOPIC;
  const messages = await readTopicToEnd(createKafka(kafkaConnectionOf(settings), 'lantern-cli'), topic, 'lantern-cli-audit-verify');
  return { topic, ...signedCheckpointsAmong(messages, publicKey, topic) };
}

async function verify(options: VerifyOptions, io: CommandIo): Promise<number> {
  const { DATABASE_URL } = loadSettingsOrExit({ DATABASE_URL: HUB_CONNECTION_SETTINGS.DATABASE_URL });
  const fromTopic = options.checkpointKeyFile ? await signedCheckpoints(options.checkpointKeyFile) : undefined;
  for (const problem of fromTopic?.problems ?? []) io.stderr.write(`lantern audit verify: ${problem}\n`);
  const expected = [...options.expectedHeads, ...(fromTopic?.checkpoints ?? []).map(checkpointExpectation)];
  const dataSource = createServiceDataSource(DATABASE_URL, { applicationName: 'lantern-cli', poolSize: 1 });
  await dataSource.initialize();
  try {
    const verdict = await new AuditChainVerifier(dataSource).verify(expected);
    (verdict.intact ? io.stdout : io.stderr).write(renderVerdict(verdict));
    if (verdict.intact) {
      for (const head of options.expectedHeads) io.stdout.write(`contains the expected head: entry ${head.id}, sha256 ${head.hash}\n`);
      const latest = fromTopic && latestCheckpoint(fromTopic.checkpoints);
      if (fromTopic && latest) {
        io.stdout.write(`contains all ${fromTopic.checkpoints.length} signed checkpoints on ${fromTopic.topic}; the latest: entry ${latest.seq}, sha256 ${latest.hash}, at ${latest.at}\n`);
      }
    }
    return verdict.intact && !fromTopic?.problems.length ? 0 : 1;
  } catch (error) {
    if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
    io.stderr.write('lantern audit verify: this database has no audit log; run the migrations first (npm run migration:run)\n');
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

export const auditVerifyCommand: Command = {
  usage: USAGE,
  async run(args, io) {
    let options: VerifyOptions | 'help';
    try {
      options = parseVerifyArguments(args);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`lantern audit verify: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (options === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    return verify(options, io);
  },
};
