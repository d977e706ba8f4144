// The fault suite: its own infrastructure (the 3-broker cluster, its own PostgreSQL), so none of
// the integration tests' global setup; one file, long time-outs.
module.exports = require('../../jest.preset').projectConfig(__dirname, 'int', {
  testMatch: ['<rootDir>/**/*.faults-spec.ts'],
  displayName: 'test:faults',
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 30 * 60_000,
});
