/**
 * Tests of the workspace's own tooling and of rules across packages: the lint guard on shared facts, the
 * argument parsers of scripts/ and bench/, and the front ends' hint tables against every error of the core.
 */
module.exports = {
  displayName: 'tooling',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // The front ends' sources import the core by name: the source, as their own tests do.
  moduleNameMapper: {
    '^@onefichier/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^@onefichier/core/lsp-contract$': '<rootDir>/../../packages/core/src/lsp-contract.ts',
    '^@onefichier/core/internal$': '<rootDir>/../../packages/core/src/internal.ts',
  },
};
