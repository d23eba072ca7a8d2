/** Unit tests run from source; protocol tests spawn the bundle built by the global setup. */
module.exports = {
  displayName: 'language-server',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^@onefichier/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^@onefichier/core/node$': '<rootDir>/../../packages/core/src/node/index.ts',
    '^@onefichier/core/lsp-contract$': '<rootDir>/../../packages/core/src/lsp-contract.ts',
    '^@onefichier/core/internal$': '<rootDir>/../../packages/core/src/internal.ts',
    '^@onefichier/sandbox$': '<rootDir>/../../test/sandbox/src/index.ts',
  },
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 60000,
};
