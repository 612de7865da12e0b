/**
 * The nightly tier job as it runs (`tiers-nightly`: every dealership's tiers, then its
 * other classes — lifecycle, vehicle age, usage, service stage, age group — under the same
 * claim) for one dealership with BENCH_TIER_CUSTOMERS customers (default 100,000, one
 * vehicle each, 16 series of uneven popularity) and BENCH_TIER_RECORDS service records
 * (default 1,000,000, random customer order over five years, ~40 % outside the 24-month
 * window, 85 % paid, half with a profit figure). Baseline in the same run: a raw driver
 * cursor `find({dealershipId}).batchSize(5000)` over the records. Order: scan, first night
 * (every customer tiered and classified), scan, then BENCH_ROUNDS - 1 further nights (the
 * steady state: the next days on the same data), each followed by a scan. Each night's
 * ratio is against the median of the scans around it. RSS of this process and of the
 * database sampled every 250 ms.
 *
 *   npx tsx tests/bench/tiers.bench.ts     (BENCH_TIER_CUSTOMERS=5000 BENCH_TIER_RECORDS=50000 to smoke-test)
 */
import { rmSync } from 'node:fs';
import mongoose, { Types } from 'mongoose';
import { loadConfig } from '../../server/src/config';
import { disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { createLogger } from '../../server/src/lib/logger';
import { runJobNow } from '../../server/src/lib/jobs';
import { compose } from '../../server/src/composition';
import { WechatClient } from '../../server/src/lib/wechat/client';
import '../../server/src/composition';
import { createDealership } from '../../server/src/modules/dealerships/dealership.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { TierRun } from '../../server/src/modules/tiers/tier.model';
import { connectForBench } from './command-profile';
import {
  engineName,
  envInt,
  loadNow,
  measureCpu,
  median,
  MemorySampler,
  ROUNDS,
  runStandalone,
  seededRandom,
  startBenchDatabase,
  type BenchRow
} from './common';
import { CAR_SERIES, insertAll } from './seed';

const CUSTOMERS = envInt('BENCH_TIER_CUSTOMERS', 100_000);
const RECORDS = envInt('BENCH_TIER_RECORDS', 1_000_000);
const FIRST_NIGHT = '2025-06-30';

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (r: number) => {
  // Five years back from the asOf, so roughly 40 % of the records fall outside the window.
  const d = new Date(Date.UTC(2025, 5, 30) - Math.floor(r * 5 * 365) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

async function generate(dealershipId: Types.ObjectId) {
  const random = seededRandom(42);
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
      series: CAR_SERIES[Math.floor(CAR_SERIES.length * random() ** 2)],
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

const nightOf = (k: number) =>
  new Date(Date.parse(`${FIRST_NIGHT}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);

interface Night {
  ms: number;
  cpu: Record<string, number>;
  memory: MemorySampler;
  run: {
    customers?: number;
    changed?: number;
    classesChanged?: number | null;
    phases?: Record<string, number>;
  };
}

export async function benchTiers(): Promise<BenchRow[]> {
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-tiers');
  try {
    const uri = database.uri('bench_tiers');
    const profile = await connectForBench(uri);
    await mongoose.connection.db?.dropDatabase();
    await ensureIndexes();
    const engine = await engineName();
    const dealership = await createDealership({ code: 'BENCHT', name: '分级基准门店' });
    process.stderr.write(`generating ${CUSTOMERS} customers, ${RECORDS} service records (${engine})…\n`);
    const seedStarted = Date.now();
    await generate(dealership._id);
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    const config = loadConfig({ MONGODB_URI: uri, LOG_LEVEL: 'warn' });
    const { deps } = compose({
      config,
      logger: createLogger('warn'),
      wechat: new WechatClient({ baseUrl: 'http://127.0.0.1:9', appid: 'x', secret: 'x', timeoutMs: 1000 })
    });
    const processes = { bench: process.pid, database: database.pid };
    const loadBefore = loadNow();
    const scan = async () => {
      const s = await rawScan(dealership._id);
      if (s.count !== RECORDS) throw new Error(`scan saw ${s.count} of ${RECORDS} records`);
      process.stderr.write(`  raw scan ${(s.ms / 1000).toFixed(1)} s\n`);
      return s.ms;
    };
    const night = async (k: number): Promise<Night> => {
      const date = nightOf(k);
      process.stderr.write(`  nightly job for ${date}…\n`);
      const memory = new MemorySampler(processes, 250);
      const {
        value: result,
        ms,
        cpu
      } = await measureCpu(processes, () => runJobNow('tiers-nightly', { deps, date }));
      memory.stop();
      if (result.status !== 'succeeded' || result.counts.computed !== 1)
        throw new Error(`nightly ${date}: ${result.status} ${JSON.stringify(result.counts)}`);
      const run = await TierRun.findOne({ dealershipId: dealership._id, asOf: date }).lean();
      process.stderr.write(`  ${(ms / 1000).toFixed(1)} s\n`);
      return { ms, cpu, memory, run: (run ?? {}) as Night['run'] };
    };
    const scans = [await scan()];
    const nights: Night[] = [];
    for (let k = 0; k < rounds; k++) {
      nights.push(await night(k));
      scans.push(await scan());
    }
    if (profile) process.stderr.write(`${profile.report()}\n`);
    // Night k ran between scans k and k + 1.
    const ratioOf = (k: number) => nights[k].ms / median([scans[k], scans[k + 1]]);
    const describe = (n: Night) => {
      const phases = Object.entries(n.run.phases ?? {})
        .map(([p, ms]) => `${p.replace(/Ms$/, '')} ${(ms / 1000).toFixed(1)}`)
        .join(', ');
      const cpu = Object.entries(n.cpu)
        .map(([p, s]) => `${p} ${s.toFixed(0)}`)
        .join(', ');
      return `${(n.ms / 1000).toFixed(1)} s (${n.run.changed ?? '?'} tiers and ${n.run.classesChanged ?? '?'} classes written; s per phase: ${phases}; CPU s: ${cpu}; RSS peaks ${n.memory.peaks()})`;
    };
    const steady = nights.slice(1);
    const common = `raw scans ${scans.map((ms) => (ms / 1000).toFixed(1)).join(' / ')} s; ${CUSTOMERS.toLocaleString('en-US')} customers, ${RECORDS.toLocaleString('en-US')} records (seeded in ${seedSeconds.toFixed(0)} s); load average ${loadBefore} → ${loadNow()}; ${engine}`;
    const rows: BenchRow[] = [
      {
        name: 'Nightly tiers + classes, first night vs raw record scan',
        figures: `first night ${describe(nights[0])}; ${common}`,
        ratio: ratioOf(0),
        goal: { kind: 'atMost', value: 3 }
      }
    ];
    if (steady.length > 0)
      rows.push({
        name: 'Nightly tiers + classes, next nights (steady state) vs raw record scan',
        figures: `${steady.map(describe).join('; ')}; per-night ratios ${steady.map((_, i) => ratioOf(i + 1).toFixed(2)).join(', ')}`,
        ratio: median(steady.map((_, i) => ratioOf(i + 1))),
        goal: { kind: 'atMost', value: 3 }
      });
    return rows;
  } finally {
    await disconnectDatabase();
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchTiers);
