import { ConfigurationError, EX_CONFIG } from '@lantern/config';
import { EXIT_USAGE, type CommandEntry, type CommandIo } from './command';

/** A command's module, loaded when the command runs (by require: the sources run as CommonJS). */
function commandModule<Module>(path: string): Module {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see CommandEntry
  return require(path) as Module;
}

const COMMANDS: readonly CommandEntry[] = [
  {
    words: ['load'],
    summary: 'publish Ed-Fi JSON, NDJSON and XML interchange files to the ingest topics',
    load: () => commandModule<typeof import('./commands/load.command')>('./commands/load.command').loadCommand,
  },
  {
    words: ['clients', 'add'],
    summary: 'register an API client (e.g. the first steward) and print its secret once',
    load: () => commandModule<typeof import('./commands/clients-add.command')>('./commands/clients-add.command').clientsAddCommand,
  },
  {
    words: ['identity', 'link'],
    summary: 'resolve CSV files of person records to statewide student identifiers (SIDs)',
    load: () => commandModule<typeof import('./commands/identity-link.command')>('./commands/identity-link.command').identityLinkCommand,
  },
  {
    words: ['identity', 'train'],
    summary: 'estimate an identity model from CSV files of person records, with its model card',
    load: () => commandModule<typeof import('./commands/identity-train.command')>('./commands/identity-train.command').identityTrainCommand,
  },
  {
    words: ['audit', 'verify'],
    summary: 'prove the audit log’s hash chain intact and still holding its recorded heads, or name the first break',
    load: () => commandModule<typeof import('./commands/audit-verify.command')>('./commands/audit-verify.command').auditVerifyCommand,
  },
  {
    words: ['extract', 'verify'],
    summary: 'check a research extract package’s signature and checksums, naming whatever fails',
    load: () => commandModule<typeof import('./commands/extract-verify.command')>('./commands/extract-verify.command').extractVerifyCommand,
  },
  {
    words: ['outcomes', 'run'],
    summary: 'compute a school year’s public indicators from the current records (released separately by a steward)',
    load: () => commandModule<typeof import('./commands/outcomes-run.command')>('./commands/outcomes-run.command').outcomesRunCommand,
  },
];

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.words.join(' ').length));
  const lines = COMMANDS.map((command) => `  ${command.words.join(' ').padEnd(width)}  ${command.summary}`);
  return `Usage: lantern <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun lantern <command> --help for a command's options.\n`;
}

/** The command whose words start the arguments, the longest first (so `identity link` beats `identity`). */
function commandFor(args: readonly string[]): CommandEntry | undefined {
  return [...COMMANDS].sort((a, b) => b.words.length - a.words.length).find((command) => command.words.every((word, index) => args[index] === word));
}

async function main(args: string[], io: CommandIo): Promise<number> {
  const command = commandFor(args);
  if (command) return command.load().run(args.slice(command.words.length), io);
  const askedForHelp = args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h';
  if (!askedForHelp) io.stderr.write(`lantern: unknown command "${args.join(' ')}"\n\n`);
  (askedForHelp ? io.stdout : io.stderr).write(help());
  return askedForHelp ? 0 : EXIT_USAGE;
}

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`lantern: ${error.message}\n`);
    // E.g. a DATABASE_URL login that could change the schema: stopped as a bad setting is.
    process.exitCode = error instanceof ConfigurationError ? EX_CONFIG : 1;
  },
);
