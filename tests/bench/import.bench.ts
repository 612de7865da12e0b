/**
 * DMS import throughput through the real service (`runImportJob`: CSV decoding,
 * normalisation, batched lookups, inserts or updates, the vehicles' newest mileage,
 * progress and checkpoints), three files in a row on a fresh database:
 *  1. customers with their vehicle (BENCH_IMPORT_CUSTOMERS rows, default 20,000);
 *  2. repair orders of those vehicles (BENCH_IMPORT_ROWS, default 100,000), goal ≥ 0.5;
 *  3. the same repair orders re-exported with every tenth amount corrected (a re-import).
 * Baselines, on the very documents the imports wrote (captured in the first round), with
 * the driver in fresh identically indexed collections: insertMany of the customers and
 * vehicles; insertMany of the repair orders; for the re-import, the RO-number lookups and
 * the corrected amounts' updates. Imports and baselines alternate over BENCH_ROUNDS rounds
 * (default 3); ratios are medians of per-round ratios. Per import: phases, CPU seconds of
 * node and of the database, RSS sampled. BENCH_PROFILE_DB=1 adds time per database command.
 *
 *   npx tsx tests/bench/import.bench.ts    (BENCH_IMPORT_ROWS=5000 BENCH_IMPORT_CUSTOMERS=1000 to smoke-test)
 *   node --cpu-prof --cpu-prof-dir=/tmp/importprof --import tsx tests/bench/import.bench.ts   (then profile-summary.ts)
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import mongoose, { type Types } from 'mongoose';
import { disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import '../../server/src/composition';
import { createDealership } from '../../server/src/modules/dealerships/dealership.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import {
  alternate,
  cpuText,
  engineName,
  envInt,
  loadNow,
  median,
  ROUNDS,
  runStandalone,
  seconds,
  spread,
  startBenchDatabase,
  type BenchDatabase,
  type BenchRow
} from './common';
import { writeCustomersCsv, writeRepairOrdersCsv } from './import.files';
import { rawInsert, rawReimport, type CapturedDocs } from './import.raw';
import { importFile, type ImportRun } from './import.run';
import { connectForBench } from './command-profile';

type Kind = 'customers' | 'repairOrders' | 'reimport';
const KINDS: Kind[] = ['customers', 'repairOrders', 'reimport'];
const log = (line: string) => process.stderr.write(`  [import] ${line}\n`);

interface Files {
  customers: string;
  repairOrders: string;
  reimport: string;
}

/** One round of the three imports on a fresh database; the first round captures the documents. */
async function importRound(
  database: BenchDatabase,
  files: Files,
  capture: Partial<CapturedDocs>
): Promise<Record<Kind, ImportRun>> {
  await mongoose.connection.db!.dropDatabase();
  await ensureIndexes();
  const dealership = await createDealership({ code: 'BENCH', name: '基准测试店' });
  const id: Types.ObjectId = dealership._id;
  const processes = { node: process.pid, database: database.pid };
  const customers = await importFile(id, 'customers', files.customers, processes);
  capture.customers ??= await Customer.collection.find({ dealershipId: id }).toArray();
  capture.vehicles ??= await Vehicle.collection.find({ dealershipId: id }).toArray();
  const repairOrders = await importFile(id, 'repair_orders', files.repairOrders, processes);
  capture.serviceRecords ??= await ServiceRecord.collection.find({ dealershipId: id }).toArray();
  const reimport = await importFile(id, 'repair_orders', files.reimport, processes);
  return { customers, repairOrders, reimport };
}

async function rawRound(docs: CapturedDocs): Promise<Record<Kind, number>> {
  const customers = (await rawInsert(Customer, docs.customers)).ms;
  const vehicles = (await rawInsert(Vehicle, docs.vehicles)).ms;
  const records = await rawInsert(ServiceRecord, docs.serviceRecords);
  const reimport = await rawReimport(records.collection, docs.serviceRecords);
  return { customers: customers + vehicles, repairOrders: records.ms, reimport };
}

export async function benchImport(): Promise<BenchRow[]> {
  const customerCount = envInt('BENCH_IMPORT_CUSTOMERS', 20_000);
  const rows = envInt('BENCH_IMPORT_ROWS', 100_000);
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-import');
  const files: Files = {
    customers: join(database.dir, 'customers.csv'),
    repairOrders: join(database.dir, 'repair-orders.csv'),
    reimport: join(database.dir, 'repair-orders-corrected.csv')
  };
  try {
    await writeCustomersCsv(files.customers, customerCount);
    await writeRepairOrdersCsv(files.repairOrders, rows, customerCount);
    await writeRepairOrdersCsv(files.reimport, rows, customerCount, true);
    const profile = await connectForBench(database.uri('bench_import'));
    const engine = await engineName();
    const loadBefore = loadNow();
    const capture: Partial<CapturedDocs> = {};
    const results = await alternate(rounds, {
      imports: async () => {
        const round = await importRound(database, files, capture);
        log(`imports (s): ${KINDS.map((k) => `${k} ${seconds(round[k].ms)}`).join(', ')}`);
        return round;
      },
      raw: async () => {
        if (!capture.customers || !capture.vehicles || !capture.serviceRecords)
          throw new Error('the first round must import first');
        const round = await rawRound(capture as CapturedDocs);
        log(`raw (s): ${KINDS.map((k) => `${k} ${seconds(round[k])}`).join(', ')}`);
        return round;
      }
    });
    const memory = results.imports.map((r) => r.repairOrders.memory);
    if (profile) process.stderr.write(`${profile.report()}\n`);
    const docs = { customers: customerCount, repairOrders: rows, reimport: rows };
    const rowsOf = (kind: Kind) =>
      kind === 'customers'
        ? `${customerCount.toLocaleString('en-US')} customer rows`
        : `${rows.toLocaleString('en-US')} RO rows`;
    const row = (kind: Kind, name: string, baseline: string, goal: BenchRow['goal']): BenchRow => {
      const imports = results.imports.map((r) => r[kind]);
      const importRates = imports.map((r) => docs[kind] / (r.ms / 1000));
      const rawRates = results.raw.map((r) => docs[kind] / (r[kind] / 1000));
      const ratios = importRates.map((rate, i) => rate / rawRates[i]);
      const phases = Object.keys(imports[0].timings)
        .map((phase) => `${phase} ${seconds(median(imports.map((r) => r.timings[phase] ?? 0)))}`)
        .join(', ');
      const figures =
        `${rowsOf(kind)}: import ${spread(importRates)} rows/s (${spread(
          imports.map((r) => r.ms / 1000),
          1,
          ' s'
        )}; counts ${JSON.stringify(imports[0].counts)}), ` +
        `${baseline} ${spread(rawRates)} docs/s; per-round ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}; ` +
        `import phases (median s): ${phases}; CPU of the first round's import: ${cpuText(imports[0].cpu)}; ` +
        `RSS ${imports[0].memory.peaks()} (bench at 25/50/75/100 %: ${imports[0].memory.quarters('node')})`;
      return { name, figures, ratio: median(ratios), goal };
    };
    const tail = `; ${rounds} alternated rounds; repair-order import RSS peaks per round: ${memory.map((m) => m.peaks()).join(' | ')}; load average ${loadBefore} → ${loadNow()}; ${engine}`;
    const out = [
      row(
        'customers',
        'DMS import: customers + vehicles vs raw insertMany',
        'raw insertMany of the customers and vehicles',
        null
      ),
      row('repairOrders', 'DMS import: repair orders vs raw insertMany', 'raw insertMany', {
        kind: 'atLeast',
        value: 0.5
      }),
      row(
        'reimport',
        'DMS re-import: corrected repair orders vs raw lookups + updates',
        'raw RO lookups + updates',
        null
      )
    ];
    out[out.length - 1].figures += tail;
    return out;
  } finally {
    await disconnectDatabase();
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchImport);
