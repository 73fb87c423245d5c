import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from '../system/workspace';

/** The web app's sources, and what its build depends on besides them. */
const WEB_APP = 'apps/web';
const BUILD_INPUTS = [WEB_APP, 'package-lock.json'];
/** Where the API looks for the build by default (API_WEB_ROOT). */
export const WEB_BUILD_DIR = 'dist/apps/web';

/**
 * Builds the public web pages (Vite) unless the build is newer than every file it is built
 * from, so `npm start` and the browser tests always serve the current sources. Returns the
 * build's folder.
 */
export async function ensureWebBuild(log: (line: string) => void): Promise<string> {
  const root = workspaceRoot();
  const buildDir = path.join(root, WEB_BUILD_DIR);
  const index = path.join(buildDir, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const changed = BUILD_INPUTS.some((input) => newestChange(path.join(root, input)) > builtAt);
  if (!changed) return buildDir;
  log(builtAt === 0 ? 'building the web app (first run)…' : 'web app sources changed; rebuilding it…');
  await run(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(root, WEB_APP, 'vite.config.mts'), '--logLevel', 'warn'], root);
  return buildDir;
}

/** The latest modification time of a file, or of any file below a folder. */
function newestChange(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file).reduce((newest, entry) => Math.max(newest, newestChange(path.join(file, entry))), stat.mtimeMs);
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the web app build failed (exit ${code}); run \`npx nx run web:build\` to see why`))));
  });
}
