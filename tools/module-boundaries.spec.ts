import { createProjectGraphAsync } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/**
 * Lints a snippet as if it were the given file, with the same ESLint command CI runs, and
 * returns the module-boundary messages. (ESLint loads its config with a dynamic import,
 * which Jest's module runtime cannot do, hence the child process.)
 */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const run = spawnSync(path.join(ROOT, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', path.join(ROOT, file), '--format', 'json'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return result.messages.filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((message) => message.message);
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
    const errors = await boundaryErrors('libs/contracts/src/forbidden.ts', "import { DataSource } from 'typeorm';\nimport { Kafka } from 'kafkajs';\nexport const x = [DataSource, Kafka];\n");
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
});
