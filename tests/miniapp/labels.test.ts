/**
 * The mini-program takes its label tables from the zod-free modules of @dealer/shared
 * (shared/src/labels); the API modules re-export the same objects next to their zod schemas.
 * The mini-program must never bundle zod: every module it imports at run time (type-only
 * imports are erased by the compiler) must stay clear of it.
 */
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import * as shared from '@dealer/shared'
import * as local from '../../miniapp/src/utils/labels'
import * as format from '../../miniapp/src/utils/format'

const root = path.resolve(__dirname, '..', '..')
const miniappSrc = path.join(root, 'miniapp', 'src')
const sharedSrc = path.join(root, 'shared', 'src')
/** Packages the mini-program must not bundle: zod (the API schemas) and the lunar calendar. */
const FORBIDDEN = ['zod', 'lunar-javascript']

describe('label tables', () => {
  it.each([
    ['TIER_KEY_LABELS', local.TIER_KEY_LABELS, shared.TIER_KEY_LABELS],
    ['LIFECYCLE_LABELS', local.LIFECYCLE_LABELS, shared.LIFECYCLE_LABELS],
    ['VEHICLE_AGE_LABELS', local.VEHICLE_AGE_LABELS, shared.VEHICLE_AGE_LABELS],
    ['SERVICE_STAGE_LABELS', local.SERVICE_STAGE_LABELS, shared.SERVICE_STAGE_LABELS],
    ['AGE_GROUP_LABELS', local.AGE_GROUP_LABELS, shared.AGE_GROUP_LABELS],
    ['FESTIVAL_LABELS', local.FESTIVAL_LABELS, shared.FESTIVAL_LABELS],
    ['OCCASION_LABELS', local.OCCASION_LABELS, shared.OCCASION_LABELS],
    ['TASK_KIND_LABELS', local.TASK_KIND_LABELS, shared.TASK_KIND_LABELS],
    ['DISPATCH_STATUS_LABELS', local.DISPATCH_STATUS_LABELS, shared.DISPATCH_STATUS_LABELS],
    ['DISPATCH_REASON_LABELS', local.DISPATCH_REASON_LABELS, shared.DISPATCH_REASON_LABELS],
    ['REGION_CLASS_LABELS', local.REGION_CLASS_LABELS, shared.REGION_CLASS_LABELS],
    ['OCCUPATION_CLASS_LABELS', local.OCCUPATION_CLASS_LABELS, shared.OCCUPATION_CLASS_LABELS],
    ['CHANNEL_LABELS', format.CHANNEL_LABELS, shared.CONTACT_CHANNEL_LABELS],
    ['GENDER_LABELS', format.GENDER_LABELS, shared.GENDER_LABELS],
    ['REGION_LABELS', format.REGION_LABELS, shared.REGION_CLASS_LABELS],
    ['OCCUPATION_LABELS', format.OCCUPATION_LABELS, shared.OCCUPATION_CLASS_LABELS],
    ['ROLE_LABELS', format.ROLE_LABELS, shared.STAFF_ROLE_LABELS]
  ])('%s is the shared table', (_name, mine, theirs) => {
    expect(mine).toBe(theirs)
  })

  it('lists the shared enum values', () => {
    expect(local.TIERS).toBe(shared.TIERS)
    expect(local.LIFECYCLES).toBe(shared.LIFECYCLES)
    expect(local.VEHICLE_AGE_CLASSES).toBe(shared.VEHICLE_AGE_CLASSES)
    expect(local.SERVICE_STAGES).toBe(shared.SERVICE_STAGES)
    expect(local.AGE_GROUPS).toBe(shared.AGE_GROUPS)
    expect(local.FESTIVAL_KEYS).toBe(shared.FESTIVAL_KEYS)
    expect(local.OCCASION_KINDS).toBe(shared.OCCASION_KINDS)
    expect(local.TASK_KINDS).toBe(shared.TASK_KINDS)
    expect(local.DISPATCH_STATUSES).toBe(shared.DISPATCH_STATUSES)
    expect(local.CARE_PLACEHOLDERS).toBe(shared.CARE_PLACEHOLDERS)
  })
})

/** Module specifiers a file imports or re-exports at run time (not `import type` / `export type`). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    false,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  )
  const specifiers: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const named = clause?.namedBindings
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            named.elements.length > 0 &&
            named.elements.every((e) => e.isTypeOnly)))
      if (!typeOnly) specifiers.push(node.moduleSpecifier.text)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) specifiers.push(node.moduleSpecifier.text)
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      const [arg] = node.arguments
      if (arg && ts.isStringLiteral(arg)) specifiers.push(arg.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return specifiers
}

/** A source file for an import path (as the webpack alias / tsconfig paths resolve it), or null for a package. */
function resolveSource(from: string, specifier: string): string | null {
  let base: string
  if (specifier === '@dealer/shared') base = path.join(sharedSrc, 'index')
  else if (specifier.startsWith('@dealer/shared/')) base = path.join(sharedSrc, specifier.slice('@dealer/shared/'.length))
  else if (specifier.startsWith('@/')) base = path.join(miniappSrc, specifier.slice(2))
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(from), specifier)
  else return null
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate
  }
  return base // a style sheet, an asset or a missing file: no imports to follow
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : []
  })
}

describe('the mini-program bundle', () => {
  it('reaches neither zod nor the lunar calendar through @dealer/shared', () => {
    /** file → the file that imported it first (for the chain in a failure message). */
    const importedBy = new Map<string, string | null>()
    const queue = sourceFiles(miniappSrc)
    for (const file of queue) importedBy.set(file, null)
    const offences: string[] = []
    while (queue.length) {
      const file = queue.shift() as string
      if (!/\.tsx?$/.test(file) || !fs.existsSync(file)) continue
      for (const specifier of runtimeImports(file)) {
        const target = resolveSource(file, specifier)
        if (target === null) {
          const pkg = specifier.split('/')[0]
          if (FORBIDDEN.includes(pkg)) {
            const chain: string[] = []
            for (let at: string | null | undefined = file; at; at = importedBy.get(at)) chain.unshift(path.relative(root, at))
            offences.push(`${chain.join(' → ')} → ${specifier}`)
          }
        } else if (!importedBy.has(target)) {
          importedBy.set(target, file)
          queue.push(target)
        }
      }
    }
    expect(offences).toEqual([])
    // The walk did reach the shared label modules.
    expect(importedBy.has(path.join(sharedSrc, 'labels', 'classes.ts'))).toBe(true)
  })
})
