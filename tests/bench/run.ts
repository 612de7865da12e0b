/**
 * `npm run bench [-- name ...]`: runs the benchmarks and prints a markdown table of ratios
 * measured in this run against same-run baselines (copy it into docs/benchmarks.md).
 * Sizes and rounds come from environment variables named in each benchmark's header.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { benchAftercare } from './aftercare.bench';
import { benchArchiveRead } from './archive-read.bench';
import { benchBooking } from './booking.bench';
import { markdownRow, type BenchRow } from './common';
import { benchDispatch } from './dispatch.bench';
import { benchDue } from './due.bench';
import { benchImport } from './import.bench';
import { benchKpis } from './kpis.bench';
import { benchLottery } from './lottery.bench';
import { benchReminderFunnel } from './reminder-funnel.bench';
import { benchPay } from './pay.bench';
import { benchPoints } from './points.bench';
import { benchPointsEarning } from './points-earning.bench';
import { benchTiers } from './tiers.bench';
import { benchWorkbench } from './workbench.bench';

const BENCHES: Record<string, () => Promise<BenchRow[]>> = {
  'archive-read': benchArchiveRead,
  import: benchImport,
  kpis: benchKpis,
  dispatch: benchDispatch,
  tiers: benchTiers,
  'reminder-funnel': benchReminderFunnel,
  aftercare: benchAftercare,
  booking: benchBooking,
  workbench: benchWorkbench,
  due: benchDue,
  points: benchPoints,
  'points-earning': benchPointsEarning,
  lottery: benchLottery,
  pay: benchPay
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in BENCHES));
  if (unknown.length)
    throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  const started = new Date();
  const rows: BenchRow[] = [];
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue;
    console.error(`running ${name}…`);
    rows.push(...(await bench()));
  }
  const gb = Math.round(totalmem() / 1024 ** 3);
  console.log(
    `\nRun ${started.toISOString()} – ${new Date().toISOString()} (node ${process.version}, ${cpus().length} cores, ${gb} GB, load average now ${loadavg()[0].toFixed(1)})\n`
  );
  console.log('| benchmark | figures | ratio | goal |\n|---|---|---|---|');
  for (const r of rows) console.log(markdownRow(r));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  }
);
