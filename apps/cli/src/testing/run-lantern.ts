import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const WORKSPACE = resolve(__dirname, '../../../..');

export interface LanternRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run lantern -- <args>` as an operator would: a child process with its own environment (no DATABASE_URL unless given). */
export function runLantern(args: string[], environment: Record<string, string | undefined> = {}): Promise<LanternRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['-r', './tools/register.js', 'apps/cli/src/main.ts', ...args], {
      cwd: WORKSPACE,
      env: { ...process.env, DATABASE_URL: undefined, ...environment },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}
