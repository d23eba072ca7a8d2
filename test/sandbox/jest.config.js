/** Sandbox tests: raw HTTP against a sandbox started in-process on free loopback ports. */
module.exports = {
  displayName: 'sandbox',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // testTimeout is not honoured per project in the root multi-project run; the setup file sets it.
  setupFilesAfterEnv: ['<rootDir>/tests/setup.ts'],
};
