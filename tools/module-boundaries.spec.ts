import { createProjectGraphAsync } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

type LintMessage = { ruleId: string | null; message: string };

/**
 * Lints a snippet as if it were the given file, with the same ESLint command CI runs, and
 * returns every message. (ESLint loads its config with a dynamic import, which Jest's module
 * runtime cannot do, hence the child process.)
 */
function lint(file: string, code: string): LintMessage[] {
  const run = spawnSync(path.join(ROOT, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', path.join(ROOT, file), '--format', 'json'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: LintMessage[] }>;
  return result.messages;
}

/** The module-boundary messages for a snippet linted as the given file. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  return lint(file, code)
    .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
    .map((message) => message.message);
}

/** The messages of the rules that keep the Kafka client inside libs/kafka (ADR 0013). */
function kafkaClientErrors(file: string, code: string): string[] {
  return lint(file, code)
    .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports' || message.ruleId === 'no-restricted-syntax')
    .map((message) => message.message);
}

describe('module boundaries enforced by lint', () => {
  beforeAll(async () => {
    // The rule reads Nx's cached project graph; build it so this test stands alone.
    await createProjectGraphAsync({ exitOnError: false });
  });

  it('refuses NestJS in a pure domain library', async () => {
    const errors = await boundaryErrors('libs/contracts/src/forbidden.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n");
    expect(errors.join('\n')).toMatch(/@nestjs\/common/);
  });

  it('refuses TypeORM and kafkajs in a pure domain library', async () => {
    const errors = await boundaryErrors(
      'libs/contracts/src/forbidden.ts',
      "import { DataSource } from 'typeorm';\nimport { Kafka } from 'kafkajs';\nexport const x = [DataSource, Kafka];\n",
    );
    expect(errors).toHaveLength(2);
  });

  it('refuses a library importing from an app', async () => {
    const errors = await boundaryErrors('libs/ingest/src/forbidden.ts', "import { IngestModule } from '../../../apps/ingest/src/ingest.module';\nexport const x = IngestModule;\n");
    expect(errors).not.toHaveLength(0);
  });

  it('allows an app to use a domain library', async () => {
    const errors = await boundaryErrors('apps/api/src/allowed.ts', "import { RecordStore } from '@lantern/ingest';\nexport const x = RecordStore;\n");
    expect(errors).toEqual([]);
  });

  describe('only libs/kafka imports the Kafka client, types included (ADR 0013)', () => {
    // A value import, a type-only import and an inline import type.
    const usesKafkajs = [
      "import { Kafka } from 'kafkajs';",
      "import type { Producer } from 'kafkajs';",
      "export const client = (brokers: string[]) => new Kafka({ clientId: 'x', brokers });",
      'export type Sender = Producer;',
      "export type Reader = import('kafkajs').Consumer;",
      '',
    ].join('\n');

    it.each(['libs/ingest/src/forbidden.ts', 'apps/api/src/forbidden.ts', 'tools/bench/forbidden.ts'])('refuses kafkajs in %s', (file) => {
      const errors = kafkaClientErrors(file, usesKafkajs);
      expect(errors).toHaveLength(3);
      errors.forEach((error) => expect(error).toContain('Only libs/kafka imports the Kafka client'));
    });

    it('allows the same code inside libs/kafka, where it lints clean', () => {
      expect(lint('libs/kafka/src/allowed.ts', usesKafkajs)).toEqual([]);
    });
  });
});
