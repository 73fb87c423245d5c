import { defineConfig } from '@playwright/test';
import { execSync } from 'node:child_process';
import path from 'node:path';

// Browser tests of the public pages and the console: Playwright Test driving the machine's Chromium (Debian's
// `chromium` package; Playwright's own browser downloads are not used), against the real API
// on a fresh PostgreSQL database with Kafka (src/browser-tests-hub.ts). `npm test` runs them after Jest.

const workspaceRoot = path.resolve(__dirname, '../..');
const port = process.env.LANTERN_E2E_PORT ?? '4310';
const baseURL = `http://127.0.0.1:${port}`;

/** CHROMIUM_PATH, else the `chromium` on PATH; `.ci/run` installs the package when it is missing. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim();
  } catch {
    throw new Error('No chromium on PATH: install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROMIUM_PATH');
  }
}

export default defineConfig({
  testDir: './src',
  testMatch: '*.e2e.ts',
  outputDir: path.join(workspaceRoot, '.lantern/playwright'),
  // Two cores: the API, PostgreSQL and the browser share them.
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: path.join(workspaceRoot, '.playwright-results.json') }]],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath() },
    locale: 'en-US',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `"${process.execPath}" -r ./tools/register.js apps/web-e2e/src/browser-tests-hub.ts`,
    cwd: workspaceRoot,
    url: `${baseURL}/health/live`,
    env: { LANTERN_E2E_PORT: port },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
  },
});
