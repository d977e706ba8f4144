// Browser tests: Debian's Chromium driven by playwright-core against the whole system, started
// by test/stack.ts (or reused when PORTAL_E2E_URL points at a running portal).
module.exports = require('../../jest.preset').projectConfig(__dirname, 'int', {
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  testTimeout: 180_000,
});
