/**
 * KPI computation for one large dealership: computeKpis (one month) and monthlyTrend (12
 * months) vs a raw driver cursor scan of the same service records, in the same run.
 * Size: BENCH_KPI_CUSTOMERS (default 100,000) and BENCH_KPI_RECORDS (default 1,000,000).
 *   npx tsx tests/bench/kpis.bench.ts
 */
import mongoose, { Types } from 'mongoose';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalDatabase } from '../../scripts/db/launcher';
import { connectDatabase, describeEngine, disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { computeKpis, monthlyTrend } from '../../server/src/modules/kpis/kpi.service';
import { makeDealership } from '../support/factories';
import type { BenchRow } from './archive-read.bench';

const CUSTOMERS = Number(process.env.BENCH_KPI_CUSTOMERS ?? 100_000);
const RECORDS = Number(process.env.BENCH_KPI_RECORDS ?? 1_000_000);
const BATCH = 5000;
const DAY_MS = 86_400_000;
const TYPES = ['first_maintenance', 'regular_maintenance', 'general_repair', 'accident', 'warranty', 'other'];

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function insertInBatches(
  name: string,
  count: number,
  make: (i: number) => Record<string, unknown>
): Promise<void> {
  const collection = mongoose.connection.db!.collection(name);
  for (let i = 0; i < count; i += BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++) docs.push(make(j));
    await collection.insertMany(docs, { ordered: false });
  }
}

/** Customers with one vehicle each; records spread over four years, 80 % paid. */
async function seed(dealershipId: Types.ObjectId): Promise<void> {
  const now = new Date();
  const customerIds = Array.from({ length: CUSTOMERS }, () => new Types.ObjectId());
  const vehicleIds = Array.from({ length: CUSTOMERS }, () => new Types.ObjectId());
  const start = Date.UTC(2022, 0, 1);
  const span = Date.now() - start;
  await insertInBatches('customers', CUSTOMERS, (i) => ({
    _id: customerIds[i],
    dealershipId,
    name: `客户${i}`,
    mobile: null,
    mobileKey: `none:${customerIds[i]}`,
    source: i % 40 === 0 ? 'wechat_binding' : 'dms_import',
    isProspect: i % 40 === 0,
    tier: ['A', 'B', 'C', 'D'][i % 4],
    ownerId: i % 3 === 0 ? new Types.ObjectId() : null,
    boundAt: i % 3 === 0 ? new Date(start + (i % 1000) * DAY_MS) : null,
    createdAt: new Date(start),
    updatedAt: now
  }));
  await insertInBatches('vehicles', CUSTOMERS, (i) => ({
    _id: vehicleIds[i],
    dealershipId,
    customerId: customerIds[i],
    identityKey: `PLATE:B${i}`,
    deliveryDate: isoDay(start - 365 * DAY_MS + (i % 1500) * DAY_MS),
    createdAt: now,
    updatedAt: now
  }));
  await insertInBatches('service_records', RECORDS, (i) => {
    const c = Math.floor(Math.random() * CUSTOMERS);
    return {
      dealershipId,
      vehicleId: vehicleIds[c],
      customerId: customerIds[c],
      roNumber: `RO${i}`,
      serviceDate: isoDay(start + Math.floor(Math.random() * span)),
      type: TYPES[i % TYPES.length],
      amountFen: 50_000,
      paid: i % 5 !== 0,
      createdAt: now,
      updatedAt: now
    };
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; heapMB: number; value: T }> {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  clearInterval(sampler);
  return { ms, heapMB: (Math.max(peak, process.memoryUsage().heapUsed) - heap0) / 1e6, value };
}

export async function benchKpis(): Promise<BenchRow> {
  const db = await startLocalDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'bench-kpi-')) });
  try {
    await connectDatabase(`${db.uri.replace(/\/$/, '')}/bench_kpis`);
    await ensureIndexes();
    const dealership = await makeDealership('指标基准门店');
    await seed(dealership._id);
    const id = String(dealership._id);
    const scan = await timed(async () => {
      let n = 0;
      const cursor = mongoose.connection
        .db!.collection('service_records')
        .find({ dealershipId: dealership._id }, { batchSize: 2000 });
      for await (const _doc of cursor) n++;
      return n;
    });
    const month = new Date().toISOString().slice(0, 7);
    const one = await timed(() =>
      computeKpis(id, { from: `${month}-01`, to: new Date().toISOString().slice(0, 10) })
    );
    const trend = await timed(() => monthlyTrend(id, 12));
    const engine = await describeEngine();
    const figures =
      `${CUSTOMERS} customers, ${scan.value} records: raw scan ${(scan.ms / 1000).toFixed(1)} s; ` +
      `one month ${(one.ms / 1000).toFixed(1)} s (heap +${one.heapMB.toFixed(0)} MB); ` +
      `12-month trend ${(trend.ms / 1000).toFixed(1)} s (heap +${trend.heapMB.toFixed(0)} MB); ${engine.engine} ${engine.version}`;
    return {
      name: 'KPIs of one dealership (month / 12-month trend) vs raw record scan',
      figures,
      ratio: trend.ms / scan.ms,
      goal: '≤ 3'
    };
  } finally {
    await disconnectDatabase();
    await db.stop();
  }
}

if (require.main === module) {
  benchKpis().then(
    (row) => console.log(`| ${row.name} | ${row.figures} | ${row.ratio.toFixed(2)} | ${row.goal} |`),
    (err) => {
      console.error(err);
      process.exit(1);
    }
  );
}
