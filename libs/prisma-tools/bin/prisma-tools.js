#!/usr/bin/env node
// prisma-tools command line: `node libs/prisma-tools/bin/prisma-tools.js <command> <serviceDir> [args]`.
// Same as `node -r @swc-node/register libs/prisma-tools/src/cli.ts ...` (TypeScript run through SWC).
'use strict';
require('@swc-node/register');
const { runCli } = require('../src/cli.ts');

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
