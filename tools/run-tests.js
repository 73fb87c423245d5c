// `npm test`: Jest over every project (unit and integration, real Kafka and PostgreSQL), then the
// browser tests of the public pages (Playwright, apps/web-e2e). Both always run; the exit status
// fails when either failed. Results: .test-results.json (Jest), .playwright-results.json.
// With arguments (`npm test -- libs/identity`), Jest alone runs, with them.
const { spawnSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const run = (script, scriptArgs, env = process.env) => spawnSync(process.execPath, [require.resolve(script, { paths: [root] }), ...scriptArgs], { cwd: root, stdio: 'inherit', env }).status;

// Jest loads the NestJS 12 ES modules through vm modules (ADR 0014).
const jestEnv = { ...process.env, NODE_OPTIONS: `--experimental-vm-modules ${process.env.NODE_OPTIONS ?? ''}`.trim() };
const jest = run('jest/bin/jest', ['--json', '--outputFile=.test-results.json', ...args], jestEnv);
if (args.length > 0) process.exit(jest ?? 1);

// A run that ends before writing results must not leave an earlier run's to be counted.
rmSync(path.join(root, '.playwright-results.json'), { force: true });
const browser = run('@playwright/test/cli', ['test', '-c', 'apps/web-e2e']);
process.exit(jest === 0 && browser === 0 ? 0 : 1);
