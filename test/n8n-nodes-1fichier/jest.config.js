/**
 * The n8n node's tests. They live outside packages/n8n-nodes-1fichier so that `n8n-node lint`, which lints
 * every file of the package with n8n's unchanged rules (strict mode), sees only what is published.
 * @type {import('jest').Config}
 */
module.exports = {
  displayName: 'n8n-nodes-1fichier',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^@onefichier/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^@onefichier/core/node$': '<rootDir>/../../packages/core/src/node/index.ts',
    '^@onefichier/core/internal$': '<rootDir>/../../packages/core/src/internal.ts',
    '^@onefichier/sandbox$': '<rootDir>/../sandbox/src/index.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/setup.ts'],
};
