// Shared jest settings for every project: TypeScript through SWC (with decorator metadata
// for NestJS), and the workspace path aliases of tsconfig.base.json.
const path = require('node:path');
const fs = require('node:fs');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', path.join(__dirname, 'libs/testing/src/summary-reporter.js')],
  moduleNameMapper: {
    '^@inkijk/contracts$': path.join(__dirname, 'contracts/src/index.ts'),
    '^@inkijk/platform$': path.join(__dirname, 'libs/platform/src/index.ts'),
    '^@inkijk/platform/(.*)$': path.join(__dirname, 'libs/platform/src/$1'),
    '^@inkijk/prisma-tools$': path.join(__dirname, 'libs/prisma-tools/src/index.ts'),
    '^@inkijk/prisma-tools/testing$': path.join(__dirname, 'libs/prisma-tools/src/testing.ts'),
    '^@inkijk/testing$': path.join(__dirname, 'libs/testing/src/index.ts'),
    '^@inkijk/authorization-rules$': path.join(__dirname, 'libs/authorization-rules/src/index.ts'),
    '^@inkijk/demo-world$': path.join(__dirname, 'libs/demo-world/src/index.ts'),
    '^@inkijk/html$': path.join(__dirname, 'libs/html/src/index.ts'),
  },
};

/**
 * Jest config for one nx project.
 * kind 'unit': *.spec.ts, no I/O. kind 'int': *.int-spec.ts against the real broker and
 * database, started (or reused) once per run by the global setup in libs/testing.
 */
module.exports.projectConfig = function projectConfig(projectDir, kind, extra = {}) {
  const base = {
    ...module.exports,
    displayName: `${path.relative(__dirname, projectDir)}:${kind}`,
    rootDir: projectDir,
  };
  delete base.projectConfig;
  if (kind === 'unit') {
    return { ...base, testMatch: ['<rootDir>/**/*.spec.ts'], ...extra };
  }
  return {
    ...base,
    testMatch: ['<rootDir>/**/*.int-spec.ts'],
    globalSetup: path.join(__dirname, 'libs/testing/src/global-setup.ts'),
    globalTeardown: path.join(__dirname, 'libs/testing/src/global-teardown.ts'),
    testTimeout: 60_000,
    maxWorkers: 1,
    ...extra,
  };
};
