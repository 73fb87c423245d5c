// Runs TypeScript sources directly (decorator metadata and path aliases included) for the
// launcher, scripts and services, so there is no separate build step before `npm start`.
const path = require('node:path');
require('./node-version').assertNodeRuntime();
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
