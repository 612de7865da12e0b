/**
 * The import rules `npm run lint` enforces (.dependency-cruiser.cjs): the real tree passes,
 * and a temporary copy of it with a cross-module cycle added fails, naming the rule. The
 * cycles added are between module folders only (no single file closes the loop).
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(120_000);
const ROOT = resolve(__dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

const copies: string[] = [];
/** A fresh copy of the server and shared sources with the rules, for one test to change. */
function treeCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'import-rules-'));
  copies.push(copy);
  for (const path of [
    'server/src',
    'server/module-layers.cjs',
    'shared/src',
    'tsconfig.json',
    '.dependency-cruiser.cjs'
  ])
    cpSync(join(ROOT, path), join(copy, path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}
afterAll(() => copies.forEach((copy) => rmSync(copy, { recursive: true, force: true })));

async function checkImports(cwd: string): Promise<{ failed: boolean; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      DEPCRUISE,
      ['--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'server/src', 'shared/src'],
      { cwd }
    );
    return { failed: false, out: stdout };
  } catch (err) {
    const { stdout, stderr } = err as { stdout: string; stderr: string };
    return { failed: true, out: `${stdout}${stderr}` };
  }
}

/** Adds an import at the end of a file of the copy (a side-effect import is enough for the graph). */
const addImport = (copy: string, file: string, spec: string) =>
  appendFileSync(join(copy, 'server/src/modules', file), `\nimport '${spec}';\n`);

test('the tree as committed has no cycle and no upward import', async () => {
  const result = await checkImports(treeCopy());
  expect(result.out).toContain('no dependency violations found');
  expect(result.failed).toBe(false);
});

test('a cycle between two modules of the same layer fails the check', async () => {
  // tiers imports classes; classes importing tiers closes a loop.
  const copy = treeCopy();
  addImport(copy, 'classes/classes.service.ts', '../tiers/tier.model');
  const result = await checkImports(copy);
  expect(result.failed).toBe(true);
  expect(result.out).toMatch(
    /error no-module-cycle: server\/src\/modules\/(classes|tiers) → \n\s+server\/src\/modules\/(tiers|classes) →/
  );
  expect(result.out).not.toContain('imports-upward');
});

test('a lower module importing a higher one fails on its layer rule and on the module cycle it makes', async () => {
  // customers imports vehicles; vehicles (platform layer) importing customers goes upward.
  const copy = treeCopy();
  addImport(copy, 'vehicles/vehicle-coverage.ts', '../customers/customer.scope');
  const result = await checkImports(copy);
  expect(result.failed).toBe(true);
  expect(result.out).toContain(
    'error layer-1-imports-upward: server/src/modules/vehicles/vehicle-coverage.ts → server/src/modules/customers/customer.scope.ts'
  );
  expect(result.out).toMatch(/error no-module-cycle: server\/src\/modules\/(vehicles|customers) → /);
});

test('the module map in docs/architecture.md is the one the real imports give', async () => {
  const check = promisify(execFile)('npx', ['tsx', 'scripts/module-map.ts', '--check'], { cwd: ROOT });
  await expect(check).resolves.toBeDefined();
});
