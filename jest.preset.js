// Shared jest settings for every project: TypeScript through SWC (with decorator metadata
// for NestJS), and the workspace path aliases, read from tsconfig.base.json.
const path = require('node:path');
const fs = require('node:fs');

/**
 * The workspace path aliases, read from tsconfig.base.json (the one place they are declared):
 * "@inkijk/x" -> "libs/x/src/index.ts" becomes "^@inkijk/x$", and "@inkijk/x/*" becomes
 * "^@inkijk/x/(.*)$".
 */
function moduleNameMapperOf(tsconfigPath) {
  const { compilerOptions } = JSON.parse(fs.readFileSync(tsconfigPath, 'utf8'));
  const base = path.resolve(path.dirname(tsconfigPath), compilerOptions.baseUrl ?? '.');
  const escape = (text) => text.replace(/[.+?^${}()|[\]\\/]/g, '\\$&');
  const mapper = {};
  for (const [alias, [target]] of Object.entries(compilerOptions.paths ?? {})) {
    const wildcard = alias.endsWith('/*');
    const pattern = wildcard ? `^${escape(alias.slice(0, -2))}/(.*)$` : `^${escape(alias)}$`;
    mapper[pattern] = path.join(base, wildcard ? target.replace('*', '$1') : target);
  }
  return mapper;
}

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  reporters: ['default', path.join(__dirname, 'libs/testing/src/summary-reporter.js')],
  moduleNameMapper: moduleNameMapperOf(path.join(__dirname, 'tsconfig.base.json')),

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
