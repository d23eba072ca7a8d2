/** Sandbox tests: raw HTTP against a sandbox started in-process on free loopback ports. */
module.exports = {
  displayName: 'sandbox',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }] },
  testTimeout: 30000,
};
