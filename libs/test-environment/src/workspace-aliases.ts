// Jest loads global setup and teardown with Node's own module resolution: the moduleNameMapper
// that maps @lantern/* for test files does not apply there. This maps the same tsconfig.base.json
// paths for Node's resolver. Import it before anything that imports @lantern/*.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

type ResolveFilename = (request: string, ...rest: unknown[]) => string;
const resolver = Module as unknown as { _resolveFilename: ResolveFilename };
const INSTALLED = Symbol.for('lantern.workspaceAliases');

if (!(globalThis as Record<symbol, unknown>)[INSTALLED]) {
  (globalThis as Record<symbol, unknown>)[INSTALLED] = true;
  const root = path.resolve(__dirname, '..', '..', '..');
  const { compilerOptions } = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
  const aliases = new Map(Object.entries(compilerOptions.paths as Record<string, string[]>).map(([alias, [target]]) => [alias, path.join(root, target)]));
  const resolveFilename = resolver._resolveFilename;
  resolver._resolveFilename = function (this: unknown, request, ...rest) {
    return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
  };
}
