// Prints "<passed> <failed>" over Jest's and Playwright's JSON results, for .ci/run's last line.
// A missing results file counts as one failure: that run never finished.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const read = (file) => (existsSync(path.join(root, file)) ? JSON.parse(readFileSync(path.join(root, file), 'utf8')) : undefined);

let passed = 0;
let failed = 0;
const jest = read('.test-results.json');
if (jest) {
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
} else failed += 1;
const playwright = read('.playwright-results.json');
if (playwright) {
  // A test that passed on a retry is flaky, and still passed; errors outside tests (a web server that never started) fail the run.
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected + playwright.errors.length;
} else failed += 1;
console.log(`${passed} ${failed}`);
