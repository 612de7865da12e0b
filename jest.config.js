/** One jest run for everything: shared unit tests, server integration tests on the real
 * database, sandbox tests, mini-program component tests and browser end-to-end tests. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022'
    },
    module: { type: 'commonjs' }
  }
];
const moduleNameMapper = {
  '^@dealer/shared$': '<rootDir>/shared/src/index.ts',
  '^@dealer/shared/(.*)$': '<rootDir>/shared/src/$1'
};
module.exports = {
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 60000,
  projects: [
    {
      displayName: 'shared',
      testMatch: ['<rootDir>/tests/shared/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': swc },
      moduleNameMapper,
      testEnvironment: 'node'
    },
    {
      displayName: 'server',
      testMatch: ['<rootDir>/tests/server/**/*.test.ts', '<rootDir>/tests/scripts/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': swc },
      moduleNameMapper,
      testEnvironment: 'node'
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': swc },
      moduleNameMapper,
      testEnvironment: 'node'
    },
    require('./tests/miniapp/jest.project.js')
  ]
};
