/** @type {import('jest').Config} */
module.exports = {
  displayName: 'vscode-1fichier',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    // The editor API is replaced at the boundary only: everything else runs for real against the sandbox.
    '^vscode$': '<rootDir>/test/fakes/vscode.ts',
    '^@onefichier/core$': '<rootDir>/../../packages/core/src/index.ts',
    '^@onefichier/core/node$': '<rootDir>/../../packages/core/src/node/index.ts',
    '^@onefichier/core/lsp-contract$': '<rootDir>/../../packages/core/src/lsp-contract.ts',
    '^@onefichier/core/internal$': '<rootDir>/../../packages/core/src/internal.ts',
    '^@onefichier/sandbox$': '<rootDir>/../../test/sandbox/src/index.ts',
  },
  testTimeout: 60000,
};
