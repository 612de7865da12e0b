/**
 * The module map of docs/architecture.md, generated from the real imports (dependency-cruiser,
 * each module folder collapsed to one node) and the layers of server/module-layers.cjs.
 *
 *   npx tsx scripts/module-map.ts            prints the map
 *   npx tsx scripts/module-map.ts --write    rewrites it in docs/architecture.md
 *   npx tsx scripts/module-map.ts --check    exit 1 when docs/architecture.md is out of date
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const DOC = join(ROOT, 'docs/architecture.md');
const START = '<!-- module-map:start (npm run docs:module-map) -->';
const END = '<!-- module-map:end -->';
const MODULES = 'server/src/modules/';

interface CruisedModule {
  source: string;
  dependencies: Array<{ resolved: string }>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LAYERS } = require(join(ROOT, 'server/module-layers.cjs')) as { LAYERS: string[][] };

/** Module -> the modules it imports, from dependency-cruiser's view of server/src. */
function moduleImports(): Map<string, string[]> {
  const out = execFileSync(
    join(ROOT, 'node_modules/.bin/depcruise'),
    [
      '--config',
      '.dependency-cruiser.cjs',
      '--include-only',
      `^${MODULES}`,
      '--collapse',
      `^${MODULES}[^/]+`,
      '--output-type',
      'json',
      'server/src'
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
  );
  const cruised = (JSON.parse(out) as { modules: CruisedModule[] }).modules;
  const name = (path: string) => path.slice(MODULES.length).split('/')[0];
  const edges = new Map<string, string[]>();
  for (const m of cruised) {
    if (!m.source.startsWith(MODULES)) continue;
    const targets = m.dependencies.map((d) => name(d.resolved)).filter((t) => t !== name(m.source));
    edges.set(name(m.source), [...new Set(targets)].sort());
  }
  return edges;
}

function render(edges: Map<string, string[]>): string {
  const layerOf = new Map(LAYERS.flatMap((layer, i) => layer.map((m) => [m, i + 1] as const)));
  const rows = LAYERS.flatMap((layer, i) =>
    [...layer]
      .sort()
      .map(
        (m) =>
          `| ${i + 1} | ${m} | ${(edges.get(m) ?? []).map((t) => `${t} (${layerOf.get(t) ?? '?'})`).join(', ') || '—'} |`
      )
  );
  const id = (m: string) => m.replace(/-/g, '_');
  const graph = [
    '```mermaid',
    'flowchart BT',
    ...LAYERS.flatMap((layer, i) => [
      `  subgraph layer${i + 1}["layer ${i + 1}"]`,
      ...[...layer].sort().map((m) => `    ${id(m)}["${m}"]`),
      '  end'
    ]),
    ...[...edges.entries()].sort().flatMap(([from, tos]) => tos.map((to) => `  ${id(from)} --> ${id(to)}`)),
    '```'
  ];
  return [
    START,
    '',
    '| layer | module | imports (their layer) |',
    '|---|---|---|',
    ...rows,
    '',
    ...graph,
    '',
    END
  ].join('\n');
}

function main(): void {
  const map = render(moduleImports());
  const mode = process.argv[2];
  if (!mode) return void process.stdout.write(`${map}\n`);
  const doc = readFileSync(DOC, 'utf8');
  const [before, rest] = [doc.slice(0, doc.indexOf(START)), doc.slice(doc.indexOf(END) + END.length)];
  if (!doc.includes(START) || !doc.includes(END)) throw new Error(`${DOC} has no module-map markers`);
  const next = `${before}${map}${rest}`;
  if (mode === '--write') writeFileSync(DOC, next);
  else if (mode === '--check' && next !== doc) {
    console.error('docs/architecture.md: the module map is out of date; run npm run docs:module-map');
    process.exitCode = 1;
  }
}

main();
