import { defineConfig } from '@playwright/test';
import baseConfig from './playwright.config';

// `npm run docs:screenshots`: the console's pages as each role sees them, against the same hub and
// fixtures as the browser tests, written to docs/console/ for docs/console.md. Not a test run.
export default defineConfig({
  ...baseConfig,
  testMatch: '*.screenshots.ts',
  reporter: [['list']],
});
