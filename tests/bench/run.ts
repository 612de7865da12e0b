/**
 * `npm run bench [-- name ...]`: runs the benchmarks and prints a markdown table of ratios
 * measured in this run against same-run baselines (copy it into docs/benchmarks.md).
 */
import { cpus } from 'node:os';
import { benchArchiveRead, type BenchRow } from './archive-read.bench';
import { benchDispatch } from './dispatch.bench';
import { benchImport } from './import.bench';
import { benchKpis } from './kpis.bench';
import { benchTiers } from './tiers.bench';

const BENCHES: Record<string, () => Promise<BenchRow>> = {
  'archive-read': benchArchiveRead,
  import: benchImport,
  kpis: benchKpis,
  dispatch: benchDispatch,
  tiers: benchTiers
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in BENCHES));
  if (unknown.length)
    throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  const rows: BenchRow[] = [];
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue;
    console.error(`running ${name}…`);
    rows.push(await bench());
  }
  console.log(`\nRun on ${new Date().toISOString()} (node ${process.version}, ${cpus().length} cores)\n`);
  console.log('| benchmark | figures | ratio | goal |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.figures} | ${r.ratio.toFixed(2)} | ${r.goal} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
