/**
 * The deployment suite (`npm run test:deploy`, after a build): nginx, two replicas from dist/main.js,
 * a redis-server of its own and the sandbox as plain processes on loopback. Not part of `npm test`.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testRegex: ['test/deploy/.*\\.deploy-spec\\.ts$'],
  testTimeout: 120000,
  // Each scenario by name in CI logs, passing or not.
  verbose: true,
  globalSetup: '<rootDir>/test/deploy/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/deploy/support/global-teardown.ts',
};
