// Gives every Nx project (any folder with a project.json) its `test`, `lint` and `typecheck`
// targets, so a library added later has them without anyone writing them by hand.
// Registered in nx.json `plugins`; see `npx nx show project <name>`.
import type { CreateNodes, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Files outside any project that every project's results depend on. */
const workspaceConfig = ['{workspaceRoot}/package-lock.json', '{workspaceRoot}/tsconfig.base.json', '{workspaceRoot}/tsconfig.json'];

/** What a project holds besides its sources: a web app has its own Vite and TypeScript configuration, browser tests a Playwright one. */
export interface ProjectKind {
  readonly viteApp?: boolean;
  readonly playwright?: boolean;
}

export function lanternTargets(projectRoot: string, kind: ProjectKind = {}): Record<string, TargetConfiguration> {
  return {
    ...(kind.viteApp ? webAppTargets(projectRoot) : {}),
    ...(kind.playwright ? browserTestTargets(projectRoot) : {}),
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
      // A browser app is checked against its own tsconfig.json (DOM, JSX, bundler resolution); the rest against the root's.
      options: { command: kind.viteApp ? `tsc -p ${projectRoot}/tsconfig.json` : `node -r ./tools/register.js tools/nx-plugin/typecheck-project.ts ${projectRoot}` },
      cache: true,
      inputs: ['default', '^production', ...workspaceConfig, '{workspaceRoot}/tools/nx-plugin/typecheck-project.ts'],
      metadata: { description: "Type-checks the project's files against the root tsconfig.json" },
    },
  };
}

/** A Vite app's production build, into dist/<projectRoot> (where the API serves apps/web from). */
function webAppTargets(projectRoot: string): Record<string, TargetConfiguration> {
  return {
    build: {
      executor: 'nx:run-commands',
      options: { command: `vite build --config ${projectRoot}/vite.config.mts` },
      cache: true,
      inputs: ['production', '{workspaceRoot}/package-lock.json'],
      outputs: [`{workspaceRoot}/dist/${projectRoot}`],
      metadata: { description: 'Builds the web app (Vite) into dist/, where the API serves it' },
    },
  };
}

/** Browser tests: Playwright Test with the machine's Chromium, against the real API (see the project's playwright.config.ts). */
function browserTestTargets(projectRoot: string): Record<string, TargetConfiguration> {
  return {
    e2e: {
      executor: 'nx:run-commands',
      options: { command: `playwright test -c ${projectRoot}` },
      cache: false,
      parallelism: false,
      metadata: { description: 'Runs the browser tests (Playwright, Chromium) against a hub it starts' },
    },
  };
}

export const createNodes: CreateNodes = [
  '**/project.json',
  (projectFiles, _options, context) =>
    projectFiles
      .map((file) => [file, posix.dirname(file)] as const)
      .filter(([, projectRoot]) => projectRoot !== '.')
      .map(([file, projectRoot]): readonly [string, CreateNodesResult] => {
        const holds = (name: string) => existsSync(join(context.workspaceRoot, projectRoot, name));
        const kind = { viteApp: holds('vite.config.mts'), playwright: holds('playwright.config.ts') };
        return [file, { projects: { [projectRoot]: { targets: lanternTargets(projectRoot, kind) } } }];
      }),
];
