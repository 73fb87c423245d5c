import { lanternStateDir, startHubService, type HubServiceProcess } from '@lantern/provisioning';
import { readFile } from 'node:fs/promises';

const START_TIMEOUT_MS = 90_000;
const STARTED = 'worker started';

/**
 * Runs the hub's worker (apps/worker) as its own process, as `npm start` does, for tests of
 * work it owns (care-notice relay and sweep, care-flag intake, extract builds, identity events),
 * and resolves once every piece of that work is running. Its JSON log is `.lantern/logs/<logName>.log`.
 * The caller stops it (`stop()`: SIGTERM, the worker drains, then exits).
 */
export async function startHubWorker(environment: Record<string, string>, logName: string): Promise<HubServiceProcess> {
  const logFile = lanternStateDir('logs', `${logName}.log`);
  const startedAt = new Date().toISOString();
  let stderr = '';
  const worker = startHubService('worker', 'apps/worker/src/main.ts', { ...process.env, ...environment, LOG_LEVEL: 'info' }, { logFile, onStderr: (text) => (stderr += text) });
  let exited: number | NodeJS.Signals | undefined;
  void worker.exited.then((how) => (exited = how));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (await startedSince(logFile, startedAt)) return worker;
    if (exited !== undefined) throw new Error(`the worker exited (${exited}) before it started: ${stderr.trim() || `see ${logFile}`}`);
    if (Date.now() > deadline) {
      await worker.stop();
      throw new Error(`the worker did not start within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The log file is appended to across runs: only a start line written after `since` counts. */
async function startedSince(logFile: string, since: string): Promise<boolean> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.split('\n').some((line) => {
    if (!line.includes(STARTED)) return false;
    try {
      return ((JSON.parse(line) as { time?: string }).time ?? '') >= since;
    } catch {
      return false; // a line still being written
    }
  });
}
