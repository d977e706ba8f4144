module.exports = require('../jest.preset').projectConfig(__dirname, 'int', { testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'], displayName: 'test:e2e', testTimeout: 180_000 });
