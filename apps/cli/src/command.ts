/** Where a command writes: the summary to stdout, progress and problems to stderr. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
}

/** What one `lantern` command, e.g. `load` or `identity link`, does when it runs. */
export interface Command {
  readonly usage: string;
  /** Runs with the arguments after the command's words; resolves to the process exit code. */
  run(args: string[], io: CommandIo): Promise<number>;
}

/**
 * A command as `lantern` lists it: its module is loaded only when it runs, so a command does not
 * pay for loading every other command's libraries (seconds of start-up).
 */
export interface CommandEntry {
  /** The words that invoke it, in order. */
  readonly words: readonly string[];
  readonly summary: string;
  load(): Command;
}

/** Bad arguments: the message is printed with the usage, and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_USAGE = 2;
