// Lantern runs on Node 24 (docs/adr/0014-node-24-runtime.md). `npm ci` installs it from the `node`
// package as node_modules/.bin/node, which npm scripts, npx and Nx tasks find first on PATH; the
// machine's own Node only runs npm. The launcher (tools/register.js) and jest.config.js check it,
// so a script started with another Node stops at once instead of half-working.
const REQUIRED_MAJOR = 24;

function assertNodeRuntime() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== REQUIRED_MAJOR) {
    throw new Error(
      `Lantern runs on Node ${REQUIRED_MAJOR}, not ${process.version} (${process.execPath}). ` +
        'Run it through npm (npm start, npm test, npm run …) or npx, which use the Node that `npm ci` installs from the `node` package.',
    );
  }
}

/** NestJS 12 is ES modules only; Jest can require() them only with Node's vm modules switched on. */
function assertJestCanLoadEsm() {
  if (typeof require('node:vm').SourceTextModule !== 'function') {
    throw new Error(
      'Jest needs --experimental-vm-modules to load NestJS 12 (ES modules): run `npm test -- <paths>` or `npx nx run <project>:test`, ' +
        'or set NODE_OPTIONS=--experimental-vm-modules for `npx jest`.',
    );
  }
}

module.exports = { REQUIRED_MAJOR, assertNodeRuntime, assertJestCanLoadEsm };
