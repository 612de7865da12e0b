/**
 * The due refresh (`refreshDealershipDue`: every vehicle's due events computed by the
 * engine and written to due_events) for one dealership with BENCH_DUE_VEHICLES vehicles
 * (default 100,000, one customer each, 16 series) and BENCH_DUE_RECORDS repair orders
 * (default 1,000,000 in random vehicle order over five years, 60 % 首保/定保, odometer
 * printed on 90 % of them). Baseline in the same run: a raw driver cursor
 * `find({dealershipId}).batchSize(5000)` over the records. Order: scan, first refresh
 * (every event inserted), scan, then BENCH_ROUNDS - 1 further refreshes the same day (the
 * steady state: nothing changed, nothing written), each followed by a scan; each refresh's
 * ratio is against the median of the scans around it. RSS of this process and of the
 * database sampled every 250 ms, and this process's heap before and after each refresh.
 *
 *   npx tsx tests/bench/due.bench.ts     (BENCH_DUE_VEHICLES=10000 BENCH_DUE_RECORDS=100000 for a 10× smaller run)
 */
import { rmSync } from 'node:fs';
import mongoose, { Types } from 'mongoose';
import { disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import '../../server/src/composition';
import { createDealership } from '../../server/src/modules/dealerships/dealership.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { DueEvent } from '../../server/src/modules/due/due-event.model';
import {
  refreshDealershipDue,
  type DueRefreshResult
} from '../../server/src/modules/due/due-refresh.service';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
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

const VEHICLES = envInt('BENCH_DUE_VEHICLES', 100_000);
const RECORDS = envInt('BENCH_DUE_RECORDS', 1_000_000);
const TODAY = '2025-06-30';
const TODAY_MS = Date.UTC(2025, 5, 30);
const DAY_MS = 86_400_000;
const MB = 1024 * 1024;

const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function generate(dealershipId: Types.ObjectId) {
  const random = seededRandom(7);
  const now = new Date();
  const customerIds = Array.from({ length: VEHICLES }, () => new Types.ObjectId());
  const vehicleIds = customerIds.map(() => new Types.ObjectId());
  // Delivered within the last six years; each car drives its own 15–75 km a day.
  const deliveredMs = vehicleIds.map(() => TODAY_MS - Math.floor(random() * 6 * 365) * DAY_MS);
  const kmPerDay = vehicleIds.map(() => 15 + random() * 60);
  await insertAll(
    'customers',
    VEHICLES,
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
      birthdayKey: 'none',
      createdAt: now,
      updatedAt: now
    }),
    (docs) => Customer.collection.insertMany(docs, { ordered: false })
  );
  await insertAll(
    'vehicles',
    VEHICLES,
    (i) => ({
      _id: vehicleIds[i],
      dealershipId,
      customerId: customerIds[i],
      plate: `粤B${String(i).padStart(6, '0')}`,
      vin: `BENCHVIN${i}`,
      identityKey: `VIN:BENCHVIN${i}`,
      brand: '大众',
      series: CAR_SERIES[Math.floor(CAR_SERIES.length * random() ** 2)],
      model: '',
      deliveryDate: isoOf(deliveredMs[i]),
      anniversaryKey: 'none',
      usage: random() < 0.9 ? 'private' : 'commercial',
      mileageKm: null,
      mileageDate: null,
      insuranceRenewalDate: null,
      inspectionDate: null,
      createdAt: now,
      updatedAt: now
    }),
    (docs) => Vehicle.collection.insertMany(docs, { ordered: false })
  );
  await insertAll(
    'service records',
    RECORDS,
    (i) => {
      const v = Math.floor(VEHICLES * random());
      const day = deliveredMs[v] + Math.floor(random() * ((TODAY_MS - deliveredMs[v]) / DAY_MS)) * DAY_MS;
      const km = Math.round(((day - deliveredMs[v]) / DAY_MS) * kmPerDay[v]);
      return {
        dealershipId,
        vehicleId: vehicleIds[v],
        customerId: customerIds[v],
        roNumber: `RO${i}`,
        serviceDate: isoOf(day),
        dateOut: null,
        type: random() < 0.6 ? 'regular_maintenance' : 'general_repair',
        amountFen: 50_000,
        paid: true,
        payer: null,
        profitFen: null,
        mileageKm: random() < 0.9 ? km : null,
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

async function rawScan(dealershipId: Types.ObjectId): Promise<number> {
  const started = Date.now();
  let count = 0;
  for await (const doc of ServiceRecord.collection.find({ dealershipId }).batchSize(5000))
    if (doc) count += 1;
  if (count !== RECORDS) throw new Error(`scan saw ${count} of ${RECORDS} records`);
  return Date.now() - started;
}

interface Refresh {
  ms: number;
  cpu: Record<string, number>;
  memory: MemorySampler;
  heapGrowthMb: number;
  result: DueRefreshResult;
}

export async function benchDue(): Promise<BenchRow[]> {
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-due');
  try {
    const uri = database.uri('bench_due');
    const profile = await connectForBench(uri);
    await mongoose.connection.db?.dropDatabase();
    await ensureIndexes();
    const engine = await engineName();
    const dealership = await createDealership({ code: 'BENCHD', name: '到期基准门店' });
    const dealershipId = String(dealership._id);
    process.stderr.write(`generating ${VEHICLES} vehicles, ${RECORDS} service records (${engine})…\n`);
    const seedStarted = Date.now();
    await generate(dealership._id);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const processes = { bench: process.pid, database: database.pid };
    const loadBefore = loadNow();
    const scan = async () => {
      const ms = await rawScan(dealership._id);
      process.stderr.write(`  raw scan ${(ms / 1000).toFixed(1)} s\n`);
      return ms;
    };
    const refresh = async (): Promise<Refresh> => {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const memory = new MemorySampler(processes, 250);
      const {
        value: result,
        ms,
        cpu
      } = await measureCpu(processes, () => refreshDealershipDue(dealershipId, TODAY));
      memory.stop();
      global.gc?.();
      const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / MB;
      if (result.vehicles !== VEHICLES)
        throw new Error(`refresh saw ${result.vehicles} of ${VEHICLES} vehicles`);
      process.stderr.write(`  refresh ${(ms / 1000).toFixed(1)} s, ${result.written} written\n`);
      return { ms, cpu, memory, heapGrowthMb, result };
    };
    const scans = [await scan()];
    const refreshes: Refresh[] = [];
    for (let k = 0; k < rounds; k++) {
      refreshes.push(await refresh());
      scans.push(await scan());
    }
    const events = await DueEvent.countDocuments({ dealershipId: dealership._id });
    if (profile) process.stderr.write(`${profile.report()}\n`);
    const ratioOf = (k: number) => refreshes[k].ms / median([scans[k], scans[k + 1]]);
    const describe = (r: Refresh) => {
      const cpu = Object.entries(r.cpu)
        .map(([p, s]) => `${p} ${s.toFixed(0)}`)
        .join(', ');
      return `${(r.ms / 1000).toFixed(1)} s (${r.result.written} events written, ${r.result.flaggedReadings} readings flagged; CPU s: ${cpu}; RSS peaks ${r.memory.peaks()}, bench RSS by quarter ${r.memory.quarters()}; heap growth ${r.heapGrowthMb.toFixed(1)} MB${global.gc ? '' : ' (no --expose-gc)'})`;
    };
    const common = `raw scans ${scans.map((ms) => (ms / 1000).toFixed(1)).join(' / ')} s; ${VEHICLES.toLocaleString('en-US')} vehicles, ${RECORDS.toLocaleString('en-US')} records (seeded in ${seedSeconds.toFixed(0)} s), ${events.toLocaleString('en-US')} due events; load average ${loadBefore} → ${loadNow()}; ${engine}`;
    const rows: BenchRow[] = [
      {
        name: 'Due refresh, first run (every event inserted) vs raw record scan',
        figures: `first refresh ${describe(refreshes[0])}; ${common}`,
        ratio: ratioOf(0),
        goal: null
      }
    ];
    const steady = refreshes.slice(1);
    if (steady.length > 0)
      rows.push({
        name: 'Due refresh, steady state (nothing changed, nothing written) vs raw record scan',
        figures: `${steady.map(describe).join('; ')}; per-run ratios ${steady.map((_, i) => ratioOf(i + 1).toFixed(2)).join(', ')}`,
        ratio: median(steady.map((_, i) => ratioOf(i + 1))),
        goal: { kind: 'atMost', value: 2 }
      });
    return rows;
  } finally {
    await disconnectDatabase();
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchDue);
