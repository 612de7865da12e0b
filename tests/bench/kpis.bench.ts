/**
 * KPI computation for one large dealership: computeKpis (one month) and monthlyTrend (12
 * months) vs a raw driver cursor scan of the same service records. The three alternate over
 * BENCH_ROUNDS rounds (default 3); ratios are medians of per-round ratios. Heap growth and
 * RSS (this process and the database) are sampled per step.
 * Size: BENCH_KPI_CUSTOMERS (default 100,000) and BENCH_KPI_RECORDS (default 1,000,000).
 *   npx tsx tests/bench/kpis.bench.ts     (BENCH_KPI_CUSTOMERS=2000 BENCH_KPI_RECORDS=20000 to smoke-test)
 */
import mongoose, { Types } from 'mongoose';
import { rmSync } from 'node:fs';
import { connectDatabase, disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { complaintFigures, satisfactionFigures } from '../../server/src/modules/aftercare/aftercare-kpis';
import { computeKpis, monthlyTrend } from '../../server/src/modules/kpis/kpi.service';
import { makeDealership } from '../support/factories';
import {
  alternate,
  engineName,
  envInt,
  loadNow,
  measureCpu,
  median,
  MemorySampler,
  perRoundRow,
  ROUNDS,
  runStandalone,
  seededRandom,
  spread,
  startBenchDatabase,
  type BenchRow
} from './common';

/** The dashboard's aftercare figures, as the composition root wires them. */
const AFTERCARE = { aftercare: { satisfaction: satisfactionFigures, complaints: complaintFigures } };

const CUSTOMERS = envInt('BENCH_KPI_CUSTOMERS', 100_000);
const RECORDS = envInt('BENCH_KPI_RECORDS', 1_000_000);
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
  const random = seededRandom(11);
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
    const c = Math.floor(random() * CUSTOMERS);
    return {
      dealershipId,
      vehicleId: vehicleIds[c],
      customerId: customerIds[c],
      roNumber: `RO${i}`,
      serviceDate: isoDay(start + Math.floor(random() * span)),
      type: TYPES[i % TYPES.length],
      amountFen: 50_000,
      paid: i % 5 !== 0,
      createdAt: now,
      updatedAt: now
    };
  });
}

interface Step {
  ms: number;
  heapMB: number;
  records?: number;
  memory: MemorySampler;
  cpu: Record<string, number>;
}

/** Times one step with the heap growth it caused and the RSS of this process and the database. */
async function measured(
  processes: Record<string, number | null>,
  fn: () => Promise<number | void>
): Promise<Step> {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const heapSampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
  const memory = new MemorySampler(processes, 250);
  const { value, ms, cpu } = await measureCpu(processes, fn);
  memory.stop();
  clearInterval(heapSampler);
  const heapMB = (Math.max(peak, process.memoryUsage().heapUsed) - heap0) / 1e6;
  return { ms, heapMB, records: typeof value === 'number' ? value : undefined, memory, cpu };
}

export async function benchKpis(): Promise<BenchRow[]> {
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-kpi');
  try {
    await connectDatabase(database.uri('bench_kpis'));
    await ensureIndexes();
    const dealership = await makeDealership('指标基准门店');
    const seedStarted = Date.now();
    await seed(dealership._id);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const id = String(dealership._id);
    const processes = { bench: process.pid, database: database.pid };
    const month = new Date().toISOString().slice(0, 7);
    const loadBefore = loadNow();
    const results = await alternate(rounds, {
      scan: () =>
        measured(processes, async () => {
          let n = 0;
          const cursor = mongoose.connection
            .db!.collection('service_records')
            .find({ dealershipId: dealership._id }, { batchSize: 2000 });
          for await (const doc of cursor) if (doc) n++;
          return n;
        }),
      month: () =>
        measured(
          processes,
          async () =>
            void (await computeKpis(
              id,
              { from: `${month}-01`, to: new Date().toISOString().slice(0, 10) },
              AFTERCARE
            ))
        ),
      trend: () => measured(processes, async () => void (await monthlyTrend(id, 12, AFTERCARE)))
    });
    const ratios = (step: 'month' | 'trend') => results[step].map((r, i) => r.ms / results.scan[i].ms);
    const describe = (step: 'scan' | 'month' | 'trend') =>
      `${step} ${spread(
        results[step].map((r) => r.ms / 1000),
        1,
        ' s'
      )} (heap +${median(results[step].map((r) => r.heapMB)).toFixed(0)} MB, ` +
      `RSS peaks ${results[step][0].memory.peaks()})`;
    const setting =
      `${CUSTOMERS.toLocaleString('en-US')} customers, ${results.scan[0].records?.toLocaleString('en-US')} records (seeded in ${seedSeconds.toFixed(0)} s); ` +
      `${rounds} alternated rounds; load average ${loadBefore} → ${loadNow()}; ${await engineName()}`;
    return [
      perRoundRow(
        'KPIs: 12-month trend vs raw record scan',
        `${describe('trend')}; ${describe('scan')}`,
        ratios('trend'),
        { kind: 'atMost', value: 3 },
        setting
      ),
      perRoundRow('KPIs: one month vs raw record scan', describe('month'), ratios('month'), null)
    ];
  } finally {
    await disconnectDatabase();
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchKpis);
