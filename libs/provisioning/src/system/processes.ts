import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_INTERVAL_MS = 100;

/** True while `pid` runs. A zombie (exited, not yet reaped by its parent) counts as gone. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return processState(pid) !== 'Z';
}

/** The command line of a running process, or undefined when it is not running. */
export function commandLineOf(pid: number): string | undefined {
  if (!isProcessAlive(pid)) return undefined;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    // No procfs (macOS): ask ps instead.
    return runPs(['-o', 'args=', '-p', String(pid)]);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function terminateProcess(pid: number, graceMs: number): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  const killAt = Date.now() + graceMs;
  let killed = false;
  while (isProcessAlive(pid)) {
    if (!killed && Date.now() >= killAt) killed = signal(pid, 'SIGKILL');
    await sleep(POLL_INTERVAL_MS);
  }
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

function processState(pid: number): string | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ...", comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  } catch {
    return runPs(['-o', 'stat=', '-p', String(pid)])?.charAt(0);
  }
}

function runPs(args: string[]): string | undefined {
  try {
    return execFileSync('ps', args, { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
