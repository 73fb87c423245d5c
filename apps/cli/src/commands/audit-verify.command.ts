import { AuditChainVerifier, type ChainVerdict } from '@lantern/audit';
import { HUB_CONNECTION_SETTINGS, loadSettingsOrExit } from '@lantern/config';
import { createHubDataSource } from '@lantern/persistence';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, UsageError, type Command, type CommandIo } from '../command';

const USAGE = `Usage: lantern audit verify

Walks the hub's hash-chained audit log from its first entry and proves every entry intact
and in place, or names the first entry that was altered, inserted, or that follows deleted
entries (docs/adr/0006-audit-hash-chain.md). Keep the printed head hash somewhere the database's
owner cannot write: a later run whose chain no longer contains it shows the log was rewritten or cut.

Options:
  -h, --help   show this help

Environment: DATABASE_URL (required).
Exit status: 0 when the chain is intact; 1 when it is broken or the database could not be read;
2 for bad arguments; 78 for bad settings.
`;

/** PostgreSQL's undefined_table: the migrations have not run against this database. */
const UNDEFINED_TABLE = '42P01';

function parseVerifyArguments(args: string[]): { help: boolean } {
  try {
    return parseArgs({ args, strict: true, options: { help: { type: 'boolean', short: 'h', default: false } } }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
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

async function verify(io: CommandIo): Promise<number> {
  const { DATABASE_URL } = loadSettingsOrExit({ DATABASE_URL: HUB_CONNECTION_SETTINGS.DATABASE_URL });
  const dataSource = createHubDataSource(DATABASE_URL, [], { applicationName: 'lantern-cli', poolSize: 1 });
  await dataSource.initialize();
  try {
    const verdict = await new AuditChainVerifier(dataSource).verify();
    (verdict.intact ? io.stdout : io.stderr).write(renderVerdict(verdict));
    return verdict.intact ? 0 : 1;
  } catch (error) {
    if ((error as { code?: string }).code !== UNDEFINED_TABLE) throw error;
    io.stderr.write('lantern audit verify: this database has no audit log; run the migrations first (npm run migration:run)\n');
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

export const auditVerifyCommand: Command = {
  words: ['audit', 'verify'],
  summary: 'prove the audit log’s hash chain intact, or name its first altered, inserted or deleted entry',
  usage: USAGE,
  async run(args, io) {
    try {
      if (parseVerifyArguments(args).help) {
        io.stdout.write(USAGE);
        return 0;
      }
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr.write(`lantern audit verify: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    return verify(io);
  },
};
