/**
 * `npm run bench`: runs every benchmark and prints a markdown table of ratios measured in
 * this run against same-run baselines (copy it into docs/benchmarks.md).
 */
import { benchArchiveRead, type BenchRow } from './archive-read.bench';

type Bench = () => Promise<BenchRow>;

async function loadBenches(): Promise<Array<[string, Bench]>> {
  const benches: Array<[string, Bench]> = [['archive-read', benchArchiveRead]];
  // Benchmarks owned by other modules register here as they land.
  for (const [name, file, fn] of [['import', './import.bench', 'benchImport']] as const) {
    try {
      const mod = (await import(file)) as Record<string, Bench>;
      if (typeof mod[fn] === 'function') benches.push([name, mod[fn]]);
    } catch {
      // not present in this checkout
    }
  }
  return benches;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const rows: BenchRow[] = [];
  for (const [name, bench] of await loadBenches()) {
    if (only.length && !only.includes(name)) continue;
    console.error(`running ${name}…`);
    rows.push(await bench());
  }
  console.log(`\nRun on ${new Date().toISOString()} (node ${process.version}, ${require('node:os').cpus().length} cores)\n`);
  console.log('| benchmark | figures | ratio | goal |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.figures} | ${r.ratio.toFixed(2)} | ${r.goal} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
