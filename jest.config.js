/**
 * TypeScript is compiled by SWC, without type checking (`npm run typecheck` does that, as ts-jest with
 * `isolatedModules` did not either): on a fresh clone ts-jest spent seconds per worker loading and running
 * the TypeScript compiler before the first test.
 */
const swc = (syntax) => [
  '@swc/jest',
  { jsc: { parser: { syntax }, target: 'es2022' }, module: { type: 'commonjs' } },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // The slowest files first, so both workers finish together on a fresh clone too.
  testSequencer: '<rootDir>/test/support/sequencer.mjs',
  transform: {
    '^.+\\.ts$': swc('typescript'),
    // @formatjs/intl-localematcher (the build's and the tests' locale-matching reference) ships ES modules only.
    '^.+/node_modules/@formatjs/.+\\.js$': swc('ecmascript'),
  },
  transformIgnorePatterns: ['/node_modules/(?!@formatjs/)'],
  // CDK synth and the browser suite are slow on a 2-core machine.
  testTimeout: 120000,
  maxWorkers: 2,
};
