/** Runs only the mini-program tests: `npx jest -c tests/miniapp/jest.config.js`. */
const path = require('node:path')

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  projects: [require('./jest.project.js')]
}
