/**
 * DMS import throughput: 100,000 repair-order rows (CSV) through the real import service vs a
 * raw driver `insertMany` of the same normalised service-record documents into a fresh
 * collection with the same indexes, measured in the same run on the same database.
 *
 *   npx tsx tests/bench/import.bench.ts
 *   (BENCH_IMPORT_ROWS / BENCH_IMPORT_VEHICLES resize it; BENCH_TMPDIR puts the database elsewhere)
 *   npm run bench -- import
 *
 * The import's time includes everything a user waits for: reading and decoding the CSV,
 * normalising rows, batched lookups of vehicles and existing RO numbers, the inserts, the
 * vehicles' newest mileage, progress and checkpoints. Peak RSS is sampled every 100 ms.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import mongoose, { Types } from 'mongoose';
import type { CreateIndexesOptions } from 'mongodb';
import { startLocalDatabase } from '../../scripts/db/launcher';
import { connectDatabase, describeEngine, disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { op } from '../../server/src/lib/query';
// Every module's models, so ensureIndexes creates the indexes the import relies on.
import '../../server/src/composition';
import { createDealership } from '../../server/src/modules/dealerships/dealership.service';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { ImportJob } from '../../server/src/modules/imports/import.model';
import { claimImport } from '../../server/src/modules/imports/import-worker';
import { createImportJob } from '../../server/src/modules/imports/import.service';
import { DEFAULT_BATCH_SIZE, runImportJob } from '../../server/src/modules/imports/run-import';
import type { BenchRow } from './archive-read.bench';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const VEHICLES = Number(process.env.BENCH_IMPORT_VEHICLES ?? 20_000);
const TYPES = ['定保', '一般维修', '首保', '钣喷', '保修'];
const ADVISORS = ['李顾问', '王顾问', '赵顾问'];

const vinOf = (i: number) => `LBENCH${String(i).padStart(11, '0')}`;
const plateOf = (i: number) =>
  `粤${'ABCDEFGHJK'[Math.floor(i / 100_000) % 10]}${String(i % 100_000).padStart(5, '0')}`;

/** Vehicles inserted directly (the RO file needs them to exist); no mileage date yet. */
async function seedVehicles(dealershipId: Types.ObjectId): Promise<void> {
  const now = new Date();
  for (let start = 0; start < VEHICLES; start += 1000) {
    const docs = Array.from({ length: Math.min(1000, VEHICLES - start) }, (_, j) => {
      const i = start + j;
      return Vehicle.applyDefaults({
        _id: new Types.ObjectId(),
        dealershipId,
        customerId: new Types.ObjectId(),
        plate: plateOf(i),
        vin: vinOf(i),
        identityKey: `VIN:${vinOf(i)}`,
        brand: '大众',
        series: '朗逸',
        model: '1.5L',
        deliveryDate: '2021-05-06',
        anniversaryKey: '05-06',
        usage: 'private',
        createdAt: now,
        updatedAt: now
      });
    });
    await Vehicle.collection.insertMany(docs, { ordered: false });
  }
}

/** A DMS-style export: oldest first, each row a visit of a random vehicle. */
async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('工单号,车牌号,VIN,进厂日期,出厂日期,维修类型,结算金额(元),进厂里程,服务顾问,是否付费\n');
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    const v = (i * 7919) % VEHICLES;
    const day = new Date(start + Math.floor((i / ROWS) * 730) * 86_400_000).toISOString().slice(0, 10);
    const line = `RO${String(i).padStart(9, '0')},${plateOf(v)},${vinOf(v)},${day},${day},${TYPES[i % TYPES.length]},${(300 + (i % 50) * 37.5).toFixed(2)},${10000 + i},${ADVISORS[i % 3]},${i % 5 === 2 ? '否' : '是'}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The same documents the import wrote, inserted raw into a fresh, identically indexed collection. */
async function rawInsertBaseline(dealershipId: Types.ObjectId): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const raw = db.collection('bench_raw_service_records');
  for (const [keys, options] of ServiceRecord.schema.indexes())
    await raw.createIndex(keys as Record<string, 1 | -1>, (options ?? {}) as CreateIndexesOptions);
  const cursor = ServiceRecord.collection.find({ dealershipId }).batchSize(DEFAULT_BATCH_SIZE);
  let ms = 0;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    const t = performance.now();
    await raw.insertMany(batch, { ordered: false });
    ms += performance.now() - t;
    batch = [];
  };
  for await (const doc of cursor) {
    batch.push(doc);
    if (batch.length === DEFAULT_BATCH_SIZE) await flush();
  }
  if (batch.length) await flush();
  return ms;
}

export async function benchImport(): Promise<BenchRow> {
  const dir = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), 'bench-import-'));
  const database = await startLocalDatabase({ dataDir: join(dir, 'db') });
  await connectDatabase(`${database.uri.replace(/\/$/, '')}/bench_import`);
  try {
    await ensureIndexes();
    const engine = await describeEngine();
    const dealership = await createDealership({ code: 'BENCH', name: '基准测试店' });
    await seedVehicles(dealership._id);
    const csv = join(dir, 'repair-orders.csv');
    await writeCsv(csv);

    const job = await createImportJob(
      {
        dealershipId: dealership._id,
        staffId: null,
        kind: 'repair_orders',
        dryRun: false,
        fileName: 'repair-orders.csv',
        filePath: csv,
        ownsFile: false,
        mapping: {}
      },
      true
    );
    const attempt = await claimImport(job, 'bench');
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 100);
    const timings: Record<string, number> = {};
    const started = performance.now();
    const result = await runImportJob(job._id, { attempt: attempt ?? 0, timings });
    const importMs = performance.now() - started;
    clearInterval(sampler);
    const done = await ImportJob.findById(job._id).lean();
    if (result !== 'done' || done?.counts?.created !== ROWS)
      throw new Error(`import ended ${result}: ${JSON.stringify(done?.counts)}`);

    const vehiclesUpdated = await Vehicle.countDocuments({
      dealershipId: dealership._id,
      mileageDate: op.ne(null)
    });
    const rawMs = await rawInsertBaseline(dealership._id);
    const importRate = ROWS / (importMs / 1000);
    const rawRate = ROWS / (rawMs / 1000);
    const mb = (b: number) => Math.round(b / 1024 / 1024);
    const sec = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(1);
    const quarter = (q: number) => mb(rss[Math.min(rss.length - 1, Math.floor((rss.length * q) / 4))] ?? 0);
    const figures =
      `${ROWS.toLocaleString('en-US')} RO rows (${VEHICLES.toLocaleString('en-US')} vehicles): import ${Math.round(importRate)} rows/s ` +
      `(${(importMs / 1000).toFixed(1)} s), raw insertMany ${Math.round(rawRate)} docs/s (${(rawMs / 1000).toFixed(1)} s); ` +
      `RSS peak ${mb(Math.max(...rss))} MB (at 25/50/75/100%: ${quarter(1)}/${quarter(2)}/${quarter(3)}/${quarter(4)} MB); ` +
      `phases: planning ${sec(timings.plans)} s, waiting on writes ${sec(timings.writes)} s, vehicle mileage ${sec(timings.flush)} s ` +
      `(${vehiclesUpdated.toLocaleString('en-US')} vehicles), progress ${sec(timings.progress)} s; ${engine.engine} ${engine.version}`;
    return { name: 'DMS import (repair orders)', figures, ratio: importRate / rawRate, goal: '≥ 0.5' };
  } finally {
    await disconnectDatabase();
    await database.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchImport().then(
    (row) => {
      console.log('| benchmark | figures | ratio | goal |\n|---|---|---|---|');
      console.log(`| ${row.name} | ${row.figures} | ${row.ratio.toFixed(2)} | ${row.goal} |`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    }
  );
}
