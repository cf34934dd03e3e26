/** One jest run: unit specs beside the source, e2e specs in test/. */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: ['src/.*\\.spec\\.ts$', 'test/.*\\.e2e-spec\\.ts$'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // content-disposition 3 (under @fastify/static, for /docs) ships only as an ES module, which
    // Node 20 can require but Jest 29 cannot: this one package is compiled to CommonJS for tests.
    'node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  testEnvironment: 'node',
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
};
