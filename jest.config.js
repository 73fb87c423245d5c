// One Jest run covers every project: unit tests (*.spec.ts) and integration tests
// (*.integration-spec.ts) against the real Kafka and PostgreSQL that global setup provisions.
const runtime = require('./tools/node-version');
runtime.assertNodeRuntime();
runtime.assertJestCanLoadEsm();
const { compilerOptions } = require('./tsconfig.base.json');

const aliasToSource = Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]));

const swcTypeScript = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/infra', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts', '**/*.integration-spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swcTypeScript] },
  moduleNameMapper: aliasToSource,
  setupFiles: ['<rootDir>/tools/jest-setup.js'],
  globalSetup: '<rootDir>/libs/test-environment/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/test-environment/src/jest-global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
