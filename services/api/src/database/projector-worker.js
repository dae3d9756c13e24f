'use strict';
// Entry of the read-model projector's worker thread. Keel runs from its TypeScript sources, compiled on
// load by SWC (as bin/keel.js does); a worker starts without the parent's require hooks, so it registers them.
const path = require('node:path');

process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', '..', '..', '..', 'tsconfig.base.json');
require('@swc-node/register');
require('./projector-worker-main.ts');
