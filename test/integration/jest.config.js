/** The core client (from source) against the sandbox (from source), on loopback. */
module.exports = {
  displayName: 'integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^@onefichier/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^@onefichier/core/node$': '<rootDir>/../../packages/core/src/node/index.ts',
    '^@onefichier/core/lsp-contract$': '<rootDir>/../../packages/core/src/lsp-contract.ts',
    '^@onefichier/core/internal$': '<rootDir>/../../packages/core/src/internal.ts',
    '^@onefichier/sandbox$': '<rootDir>/../sandbox/src/index.ts',
  },
  // testTimeout is not honoured per project in the root multi-project run; the setup file sets it.
  setupFilesAfterEnv: ['<rootDir>/tests/setup.ts'],
};
