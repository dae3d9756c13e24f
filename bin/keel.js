#!/usr/bin/env node
'use strict';
// The keel CLI runs the TypeScript sources directly, compiled on load by SWC (decorator metadata included).
const path = require('node:path');

process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
require('../services/cli/src/main.ts');
