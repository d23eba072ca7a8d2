/**
 * The fault matrix (matrix.ts): every profile and every switch of the sandbox, a few minutes long, so it runs
 * as its own stage (`pnpm test -- --only fault-matrix`) rather than in every jest run. One file per profile;
 * the cells mostly wait (pauses, budgets), so the three profiles run side by side.
 */
const integration = require('../jest.config.js');

module.exports = {
  ...integration,
  displayName: 'fault-matrix',
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.test.ts'],
  maxWorkers: 3,
  moduleNameMapper: {
    '^@onefichier/core$': '<rootDir>/../../../packages/core/src/index.ts',
    '^@onefichier/core/node$': '<rootDir>/../../../packages/core/src/node/index.ts',
    '^@onefichier/core/lsp-contract$': '<rootDir>/../../../packages/core/src/lsp-contract.ts',
    '^@onefichier/core/internal$': '<rootDir>/../../../packages/core/src/internal.ts',
    '^@onefichier/sandbox$': '<rootDir>/../../sandbox/src/index.ts',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json' }] },
  setupFiles: ['<rootDir>/time-scale.js'],
  setupFilesAfterEnv: ['<rootDir>/../tests/setup.ts'],
};
