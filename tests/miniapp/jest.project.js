/**
 * Jest project for the mini-program component tests (jsdom + React Testing Library).
 * Taro and NutUI are replaced by small DOM stand-ins (support/); pure modules are tested as is.
 * Root jest.config.js: `projects: [..., require('./tests/miniapp/jest.project.js')]`.
 */
const path = require('node:path')

const rootDir = path.resolve(__dirname, '..', '..')
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' },
    module: { type: 'commonjs' }
  }
]

module.exports = {
  displayName: 'miniapp',
  rootDir,
  testMatch: ['<rootDir>/tests/miniapp/**/*.test.ts', '<rootDir>/tests/miniapp/**/*.test.tsx'],
  testEnvironment: 'jsdom',
  transform: { '^.+\\.tsx?$': swc },
  setupFiles: ['<rootDir>/tests/miniapp/support/setup.ts'],
  moduleNameMapper: {
    '^@dealer/shared$': '<rootDir>/shared/src/index.ts',
    '^@dealer/shared/(.*)$': '<rootDir>/shared/src/$1',
    '^@tarojs/taro$': '<rootDir>/tests/miniapp/support/taro.ts',
    '^@tarojs/components$': '<rootDir>/tests/miniapp/support/taro-components.tsx',
    '^@nutui/nutui-react-taro$': '<rootDir>/tests/miniapp/support/nutui.tsx',
    '\\.(css|scss)$': '<rootDir>/tests/miniapp/support/style-stub.js'
  }
}
