import { ConfigurationError, EX_CONFIG } from '@lantern/config';
import { EXIT_USAGE, type Command, type CommandIo } from './command';
import { auditVerifyCommand } from './commands/audit-verify.command';
import { clientsAddCommand } from './commands/clients-add.command';
import { extractVerifyCommand } from './commands/extract-verify.command';
import { identityLinkCommand } from './commands/identity-link.command';
import { identityTrainCommand } from './commands/identity-train.command';
import { loadCommand } from './commands/load.command';
import { outcomesRunCommand } from './commands/outcomes-run.command';

const COMMANDS: readonly Command[] = [loadCommand, clientsAddCommand, identityLinkCommand, identityTrainCommand, auditVerifyCommand, extractVerifyCommand, outcomesRunCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.words.join(' ').length));
  const lines = COMMANDS.map((command) => `  ${command.words.join(' ').padEnd(width)}  ${command.summary}`);
  return `Usage: lantern <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun lantern <command> --help for a command's options.\n`;
}

/** The command whose words start the arguments, the longest first (so `identity link` beats `identity`). */
function commandFor(args: readonly string[]): Command | undefined {
  return [...COMMANDS].sort((a, b) => b.words.length - a.words.length).find((command) => command.words.every((word, index) => args[index] === word));
}

async function main(args: string[], io: CommandIo): Promise<number> {
  const command = commandFor(args);
  if (command) return command.run(args.slice(command.words.length), io);
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
