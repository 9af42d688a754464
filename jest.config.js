/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // @formatjs/intl-localematcher (the build's and the tests' locale-matching reference) ships ES modules only.
    '^.+/node_modules/@formatjs/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@formatjs/)'],
  // CDK synth and the browser suite are slow on a 2-core machine.
  testTimeout: 120000,
  maxWorkers: 2,
};
