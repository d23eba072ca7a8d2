/** @type {import('jest').Config} */
module.exports = {
  displayName: 'n8n-nodes-1fichier',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^@onefichier/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^@onefichier/core/node$': '<rootDir>/../../packages/core/src/node/index.ts',
    '^@onefichier/sandbox$': '<rootDir>/../../test/sandbox/src/index.ts',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
