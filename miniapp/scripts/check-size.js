#!/usr/bin/env node
/**
 * WeChat package-size check for the weapp build: the main package (everything not under a
 * subpackage root) must stay ≤ 2 MB and all packages together ≤ 20 MB. Prints the figures
 * and exits non-zero when a limit is exceeded or the build is missing.
 *
 *   node miniapp/scripts/check-size.js [distDir]      (default: miniapp/dist/weapp)
 */
const fs = require('node:fs')
const path = require('node:path')

const MB = 1024 * 1024
const LIMITS = { main: 2 * MB, total: 20 * MB, subpackage: 2 * MB }

const dist = path.resolve(process.argv[2] || path.join(__dirname, '..', 'dist', 'weapp'))
const appJsonPath = path.join(dist, 'app.json')
if (!fs.existsSync(appJsonPath)) {
  console.error(`check-size: ${appJsonPath} not found — run \`npm run build:weapp -w miniapp\` first`)
  process.exit(2)
}

const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'))
const roots = (appJson.subPackages || appJson.subpackages || []).map((p) => p.root.replace(/^\/+|\/+$/g, '') + '/')

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, out)
    else if (entry.isFile()) out.push({ rel: path.relative(dist, full).split(path.sep).join('/'), size: fs.statSync(full).size })
  }
  return out
}

const files = walk(dist, [])
const sizes = { main: 0 }
for (const root of roots) sizes[root] = 0
let total = 0
for (const file of files) {
  total += file.size
  const root = roots.find((r) => file.rel.startsWith(r))
  sizes[root || 'main'] += file.size
}

const fmt = (n) => `${(n / 1024).toFixed(1)} KB`
const failures = []
console.log(`weapp package sizes (${path.relative(process.cwd(), dist) || dist})`)
console.log(`  main package        ${fmt(sizes.main).padStart(10)}   limit ${fmt(LIMITS.main)}`)
if (sizes.main > LIMITS.main) failures.push(`main package ${fmt(sizes.main)} > ${fmt(LIMITS.main)}`)
for (const root of roots) {
  console.log(`  ${root.padEnd(20)}${fmt(sizes[root]).padStart(10)}   limit ${fmt(LIMITS.subpackage)}`)
  if (sizes[root] > LIMITS.subpackage) failures.push(`subpackage ${root} ${fmt(sizes[root])} > ${fmt(LIMITS.subpackage)}`)
}
console.log(`  total               ${fmt(total).padStart(10)}   limit ${fmt(LIMITS.total)}`)
if (total > LIMITS.total) failures.push(`total ${fmt(total)} > ${fmt(LIMITS.total)}`)

if (failures.length) {
  console.error(`check-size: FAILED — ${failures.join('; ')}`)
  process.exit(1)
}
console.log('check-size: OK')
