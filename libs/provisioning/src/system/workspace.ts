import { existsSync } from 'node:fs';
import path from 'node:path';

let cachedRoot: string | undefined;

/** The Nx workspace root: the nearest folder above this file that holds nx.json. */
export function workspaceRoot(): string {
  cachedRoot ??= findUp(__dirname, 'nx.json');
  return cachedRoot;
}

/** A path under `.lantern/`, the git-ignored home of local broker, database and test state. */
export function lanternStateDir(...segments: string[]): string {
  return path.join(workspaceRoot(), '.lantern', ...segments);
}

function findUp(start: string, marker: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, marker))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No ${marker} found above ${start}`);
  }
}
