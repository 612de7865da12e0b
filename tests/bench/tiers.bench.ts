/**
 * Tier recompute for 100,000 customers with 1,000,000 service records (issue 3) vs a raw
 * driver cursor scan of the same records (`find({dealershipId}).batchSize(5000)`), measured
 * in the same run on the same database. The scan is timed before and after the recompute
 * and averaged, since this machine is shared. Also: peak RSS of this process (the engine)
 * and of the database process, and a second recompute the next day (steady state: the
 * same data, so only reasons are written).
 *
 *   npx tsx tests/bench/tiers.bench.ts          (BENCH_TIER_CUSTOMERS / BENCH_TIER_RECORDS to resize)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Types } from 'mongoose';
import { startLocalDatabase } from '../../scripts/db/launcher';
import { connectDatabase, describeEngine, disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { createDealership } from '../../server/src/modules/dealerships/dealership.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { recomputeTiers } from '../../server/src/modules/tiers/tier-run.service';
import { TierRun } from '../../server/src/modules/tiers/tier.model';
import type { BenchRow } from './archive-read.bench';

const CUSTOMERS = Number(process.env.BENCH_TIER_CUSTOMERS ?? 100_000);
const RECORDS = Number(process.env.BENCH_TIER_RECORDS ?? 1_000_000);
const INSERT_BATCH = 5000;
const ASOF = '2025-06-30';
const SERIES = [
  '帕萨特',
  '迈腾',
  '途观L',
  '朗逸',
  '速腾',
  '宝来',
  '高尔夫',
  '探岳',
  '途岳',
  '凌渡',
  '威然',
  '途昂',
  '揽境',
  'ID.4',
  'ID.6',
  '辉昂'
];

/** Deterministic pseudo-random numbers (the same data every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (r: number) => {
  // Five years back from the asOf, so roughly 40 % of the records fall outside the window.
  const d = new Date(Date.UTC(2025, 5, 30) - Math.floor(r * 5 * 365) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

async function insertAll(
  name: string,
  total: number,
  make: (i: number) => Record<string, unknown>,
  insert: (docs: Record<string, unknown>[]) => Promise<unknown>
) {
  const started = Date.now();
  for (let i = 0; i < total; i += INSERT_BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(total, i + INSERT_BATCH); j++) docs.push(make(j));
    await insert(docs);
    if ((i / INSERT_BATCH) % 20 === 0 || i + INSERT_BATCH >= total) {
      process.stderr.write(
        `  ${name}: ${Math.min(total, i + INSERT_BATCH)}/${total} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`
      );
    }
  }
}

async function generate(dealershipId: Types.ObjectId) {
  const random = rng(42);
  const now = new Date();
  const customerIds = Array.from({ length: CUSTOMERS }, () => new Types.ObjectId());
  const vehicleIds = customerIds.map(() => new Types.ObjectId());
  await insertAll(
    'customers',
    CUSTOMERS,
    (i) => ({
      _id: customerIds[i],
      dealershipId,
      name: `客户${i}`,
      mobile: null,
      mobileKey: `none:${customerIds[i]}`,
      source: 'dms_import',
      tags: [],
      advisorId: null,
      isProspect: false,
      tier: null,
      tierScore: null,
      tierComputed: null,
      tierOverride: null,
      birthdayKey: 'none',
      consent: { marketing: false, updatedAt: null },
      createdAt: now,
      updatedAt: now
    }),
    (docs) => Customer.collection.insertMany(docs, { ordered: false })
  );
  // Series popularity falls off with its index (a few series carry most customers).
  await insertAll(
    'vehicles',
    CUSTOMERS,
    (i) => ({
      _id: vehicleIds[i],
      dealershipId,
      customerId: customerIds[i],
      plate: null,
      vin: `BENCHVIN${i}`,
      identityKey: `VIN:BENCHVIN${i}`,
      brand: '大众',
      series: SERIES[Math.floor(SERIES.length * random() ** 2)],
      model: '',
      deliveryDate: dayOf(random()),
      usage: 'private',
      createdAt: now,
      updatedAt: now
    }),
    (docs) => Vehicle.collection.insertMany(docs, { ordered: false })
  );
  // Records in random customer order, as a DMS export would come (not grouped by customer).
  await insertAll(
    'service records',
    RECORDS,
    (i) => {
      const c = Math.floor(CUSTOMERS * random());
      const paid = random() < 0.85;
      const amountFen = Math.floor(20_000 + random() * 300_000);
      return {
        dealershipId,
        vehicleId: vehicleIds[c],
        customerId: customerIds[c],
        roNumber: `RO${i}`,
        serviceDate: dayOf(random()),
        dateOut: null,
        type: random() < 0.6 ? 'regular_maintenance' : 'general_repair',
        amountFen,
        paid,
        profitFen: random() < 0.5 ? Math.floor(amountFen * 0.3) : null,
        mileageKm: null,
        advisorId: null,
        advisorName: null,
        items: [],
        createdAt: now,
        updatedAt: now
      };
    },
    (docs) => ServiceRecord.collection.insertMany(docs, { ordered: false })
  );
}

async function rawScan(dealershipId: Types.ObjectId): Promise<{ ms: number; count: number }> {
  const started = Date.now();
  let count = 0;
  for await (const doc of ServiceRecord.collection.find({ dealershipId }).batchSize(5000))
    if (doc) count += 1;
  return { ms: Date.now() - started, count };
}

/** Peak RSS of this process while `fn` runs (sampled), and of the database process (VmHWM). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    const value = await fn();
    return { value, peakMb: Math.max(peak, process.memoryUsage().rss) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

function databasePeakMb(pid: number | null): string {
  if (pid === null) return 'n/a';
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return hwm ? `${(Number(hwm[1]) / 1024).toFixed(0)} MB` : 'n/a';
  } catch {
    return 'n/a';
  }
}

export async function benchTiers(): Promise<BenchRow> {
  let dbPid: number | null = null;
  const db = await startLocalDatabase({
    dataDir: mkdtempSync(join(tmpdir(), 'bench-tiers-db-')),
    log: (line) => {
      const pid = /\(pid (\d+)\)/.exec(line);
      if (pid) dbPid = Number(pid[1]);
    }
  });
  try {
    await connectDatabase(`${db.uri.replace(/\/$/, '')}/bench_tiers`);
    await mongoose.connection.db?.dropDatabase();
    await ensureIndexes();
    const engine = await describeEngine();
    const dealership = await createDealership({ code: 'BENCHT', name: '分级基准门店' });
    process.stderr.write(
      `generating ${CUSTOMERS} customers, ${RECORDS} service records (${engine.engine} ${engine.version})…\n`
    );
    await generate(dealership._id);

    process.stderr.write('raw cursor scan…\n');
    const before = await rawScan(dealership._id);
    process.stderr.write(
      `  ${before.count} records in ${(before.ms / 1000).toFixed(1)} s\nrecompute (first run: every customer tiered)…\n`
    );
    const first = await withPeakRss(() => recomputeTiers(dealership._id, ASOF));
    if (first.value.status !== 'done') throw new Error('the first run did not run');
    process.stderr.write(`  ${(first.value.durationMs / 1000).toFixed(1)} s\nraw cursor scan again…\n`);
    const after = await rawScan(dealership._id);
    process.stderr.write(`  ${(after.ms / 1000).toFixed(1)} s\nrecompute the next day (steady state)…\n`);
    const second = await withPeakRss(() => recomputeTiers(dealership._id, '2025-07-01'));
    if (second.value.status !== 'done') throw new Error('the second run did not run');

    const phasesOf = async (runId: string) => {
      const run = await TierRun.findById(runId).lean();
      const phases = (run?.phases ?? {}) as Record<string, number>;
      return Object.entries(phases)
        .map(([k, v]) => `${k.replace(/Ms$/, '')} ${(v / 1000).toFixed(1)}`)
        .join(', ');
    };
    const scanMs = (before.ms + after.ms) / 2;
    const ratio = first.value.durationMs / scanMs;
    const figures =
      `first run ${(first.value.durationMs / 1000).toFixed(1)} s (${first.value.changed} customers written, ${first.value.historyEntries} history entries; s per phase: ${await phasesOf(first.value.runId)}), ` +
      `peak RSS ${first.peakMb.toFixed(0)} MB; next-day run ${(second.value.durationMs / 1000).toFixed(1)} s ` +
      `(${second.value.changed} written, ratio ${(second.value.durationMs / scanMs).toFixed(2)}; ${await phasesOf(second.value.runId)}), peak RSS ${second.peakMb.toFixed(0)} MB; ` +
      `raw scan of ${before.count} records ${(before.ms / 1000).toFixed(1)} s / ${(after.ms / 1000).toFixed(1)} s; ` +
      `database peak RSS ${databasePeakMb(dbPid)}; ${CUSTOMERS} customers; ${engine.engine} ${engine.version}`;
    return { name: 'Tier recompute (first run) vs raw cursor scan', figures, ratio, goal: '≤ 3' };
  } finally {
    await disconnectDatabase();
    await db.stop();
  }
}

if (require.main === module) {
  benchTiers().then(
    (row) => console.log(`| ${row.name} | ${row.figures} | ${row.ratio.toFixed(2)} | ${row.goal} |`),
    (err) => {
      console.error(err);
      process.exit(1);
    }
  );
}
