/** The core client (from source) against the sandbox (from source), on loopback. */
module.exports = {
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }] },
  moduleNameMapper: {
    '^@onefichier/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^@onefichier/core/node$': '<rootDir>/../../packages/core/src/node/index.ts',
    '^@onefichier/sandbox$': '<rootDir>/../sandbox/src/index.ts',
  },
  testTimeout: 60000,
  // Suites share loopback and the flood guard's notion of "this IP": run them one at a time.
  maxWorkers: 1,
};
