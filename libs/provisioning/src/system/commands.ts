import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface RequiredCommand {
  command: string;
  /** What to install when the command is missing, e.g. "a JDK 17+ (apt install openjdk-17-jre-headless)". */
  install: string;
}

/** Fails with one message naming everything that is missing from PATH and how to get it. */
export function requireCommands(required: RequiredCommand[]): void {
  const missing = required.filter(({ command }) => !isOnPath(command));
  if (missing.length > 0) {
    const lines = missing.map(({ command, install }) => `  - \`${command}\`: install ${install}`);
    throw new Error(`Missing commands on PATH:\n${lines.join('\n')}`);
  }
}

function isOnPath(command: string): boolean {
  const directories = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return directories.some((directory) => {
    try {
      accessSync(path.join(directory, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
