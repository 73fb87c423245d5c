// Gives every Nx project (any folder with a project.json) its `test`, `lint` and `typecheck`
// targets, so a library added later has them without anyone writing them by hand.
// Registered in nx.json `plugins`; see `npx nx show project <name>`.
import type { CreateNodes, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import { posix } from 'node:path';

/** Files outside any project that every project's results depend on. */
const workspaceConfig = ['{workspaceRoot}/package-lock.json', '{workspaceRoot}/tsconfig.base.json', '{workspaceRoot}/tsconfig.json'];

export function lanternTargets(projectRoot: string): Record<string, TargetConfiguration> {
  return {
    // One Jest configuration covers every project; `--roots` narrows the run to this project's
    // folder exactly (a path pattern such as `libs/identity` would also match `libs/identity-service`).
    // Jest loads the NestJS 12 ES modules through vm modules (as `npm test` does; ADR 0014). Each
    // run provisions its own Kafka broker and PostgreSQL database, so test tasks run one at a time.
    test: {
      executor: 'nx:run-commands',
      options: { command: `jest --passWithNoTests --roots=${projectRoot}`, env: { NODE_OPTIONS: '--experimental-vm-modules' } },
      cache: true,
      parallelism: false,
      inputs: ['default', '^production', ...workspaceConfig, '{workspaceRoot}/jest.config.js', '{workspaceRoot}/libs/test-environment/src/**/*'],
      metadata: { description: "Runs the project's unit and integration tests (Jest, real Kafka and PostgreSQL)" },
    },
    lint: {
      executor: 'nx:run-commands',
      options: { command: `eslint ${projectRoot} --max-warnings=0` },
      cache: true,
      inputs: ['default', '^default', ...workspaceConfig, '{workspaceRoot}/eslint.config.mjs'],
      metadata: { description: 'Lints the project, module boundaries included' },
    },
    typecheck: {
      executor: 'nx:run-commands',
      options: { command: `node -r ./tools/register.js tools/nx-plugin/typecheck-project.ts ${projectRoot}` },
      cache: true,
      inputs: ['default', '^production', ...workspaceConfig, '{workspaceRoot}/tools/nx-plugin/typecheck-project.ts'],
      metadata: { description: "Type-checks the project's files against the root tsconfig.json" },
    },
  };
}

export const createNodes: CreateNodes = [
  '**/project.json',
  (projectFiles) =>
    projectFiles
      .map((file) => [file, posix.dirname(file)] as const)
      .filter(([, projectRoot]) => projectRoot !== '.')
      .map(([file, projectRoot]): readonly [string, CreateNodesResult] => [file, { projects: { [projectRoot]: { targets: lanternTargets(projectRoot) } } }]),
];
