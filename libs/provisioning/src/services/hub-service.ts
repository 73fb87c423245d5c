import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from '../system/workspace';

const STOP_GRACE_MS = 10_000;

export interface HubServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** SIGTERM (a clean shutdown: consumers leave their group), SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would: nothing is flushed or committed. */
  kill(): Promise<void>;
}

/**
 * Runs one of the hub's services (e.g. `apps/ingest/src/main.ts`) as its own Node process,
 * its JSON log appended to `logFile`, its start-up errors (one line) passed to `onStderr`.
 * Used by `npm start`, the reliability tests and the benchmarks, so all run the real thing.
 */
export function startHubService(name: string, entry: string, environment: NodeJS.ProcessEnv, options: { logFile: string; onStderr?: (text: string) => void }): HubServiceProcess {
  const root = workspaceRoot();
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['-r', path.join(root, 'tools/register.js'), path.join(root, entry)], {
    cwd: root,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    options.onStderr?.(chunk.toString());
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code ?? 0)));
  const running = () => child.exitCode === null && child.signalCode === null;

  return {
    name,
    child,
    exited,
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
