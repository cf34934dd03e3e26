/**
 * `npm run test:browser`: a dashboard page in Debian's Chromium calls `node dist/main.js` from another
 * origin (test/browser/). Not part of `npm test`: it needs a browser and the built service.
 */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: ['test/browser/.*\\.browser-spec\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
  testTimeout: 30000,
};
