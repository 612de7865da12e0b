/**
 * Earning points from a DMS import: the repair-order import (BENCH_IMPORT_ROWS, default
 * 100,000 rows onto BENCH_IMPORT_CUSTOMERS, default 20,000, imported vehicles) with the
 * points hook (`creditRepairOrders` after every written batch, as the composition root wires
 * it) against the same import with no hook, in the same run. Every run starts on a fresh
 * database with the customers imported first (not timed); the two runs alternate over
 * BENCH_ROUNDS rounds (default 3). After each earning run: every customer-paid RO has its one
 * entry, and each account's balance = sum of its entries. Goal: with earning ≤ 1.5× without.
 *
 *   npx tsx tests/bench/points-earning.bench.ts   (BENCH_IMPORT_ROWS=5000 BENCH_IMPORT_CUSTOMERS=1000 to smoke-test)
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import mongoose, { Types } from 'mongoose';
import { disconnectDatabase, ensureIndexes } from '../../server/src/lib/db';
import { op } from '../../server/src/lib/query';
import '../../server/src/composition';
import { createDealership } from '../../server/src/modules/dealerships/dealership.service';
import type { ImportHooks } from '../../server/src/modules/imports/import-hooks';
import { creditRepairOrders } from '../../server/src/modules/points/points-earning.service';
import { readHead } from '../../server/src/modules/points/points-ledger';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import {
  alternate,
  engineName,
  envInt,
  loadNow,
  perRoundRow,
  ROUNDS,
  runStandalone,
  seconds,
  spread,
  startBenchDatabase,
  type BenchDatabase,
  type BenchRow
} from './common';
import { writeCustomersCsv, writeRepairOrdersCsv } from './import.files';
import { importFile } from './import.run';
import { connectForBench } from './command-profile';

const log = (line: string) => process.stderr.write(`  [points-earning] ${line}\n`);

const EARNING: ImportHooks = {
  repairOrdersWritten: async (dealershipId, records) => {
    await creditRepairOrders(String(dealershipId), records);
  }
};

interface Files {
  customers: string;
  repairOrders: string;
}

/** A fresh database with the customers imported; then the timed repair-order import. */
async function importRepairOrders(database: BenchDatabase, files: Files, hooks?: ImportHooks) {
  await mongoose.connection.db!.dropDatabase();
  await ensureIndexes();
  const dealership = await createDealership({ code: 'BENCH', name: '基准测试店' });
  const id: Types.ObjectId = dealership._id;
  const processes = { node: process.pid, database: database.pid };
  await importFile(id, 'customers', files.customers, processes);
  const run = await importFile(id, 'repair_orders', files.repairOrders, processes, hooks);
  return { id, ms: run.ms };
}

/** Every customer-paid RO has one entry, and every account's balance (its head) = sum of its entries. */
async function verifyEarning(dealershipId: Types.ObjectId): Promise<{ entries: number; points: number }> {
  const paid = await ServiceRecord.countDocuments({ dealershipId, paid: true, amountFen: op.gte(100) });
  const entries = await PointsEntry.countDocuments({ dealershipId });
  if (entries !== paid) throw new Error(`${paid} paid repair orders but ${entries} entries`);
  const sums = await PointsEntry.aggregate<{ _id: Types.ObjectId; sum: number }>([
    { $match: { dealershipId } },
    { $group: { _id: '$accountId', sum: { $sum: '$delta' } } }
  ]);
  let points = 0;
  for (const s of sums) {
    const head = await readHead({ accountId: String(s._id), dealershipId: String(dealershipId) });
    if (head.balance !== s.sum)
      throw new Error(`account ${String(s._id)}: balance ${head.balance}, entries ${s.sum}`);
    points += s.sum;
  }
  return { entries, points };
}

export async function benchPointsEarning(): Promise<BenchRow[]> {
  const customerCount = envInt('BENCH_IMPORT_CUSTOMERS', 20_000);
  const rows = envInt('BENCH_IMPORT_ROWS', 100_000);
  const rounds = ROUNDS();
  const database = await startBenchDatabase('bench-points-earning');
  const files: Files = {
    customers: join(database.dir, 'customers.csv'),
    repairOrders: join(database.dir, 'repair-orders.csv')
  };
  try {
    await writeCustomersCsv(files.customers, customerCount);
    await writeRepairOrdersCsv(files.repairOrders, rows, customerCount);
    const profile = await connectForBench(database.uri('bench_points_earning'));
    const engine = await engineName();
    const loadBefore = loadNow();
    // Each run's commands (BENCH_PROFILE_DB=1), the untimed customer import included: what
    // earning adds shows as the points collections.
    const reportCommands = () => {
      if (!profile) return;
      process.stderr.write(`${profile.report(25)}\n`);
      profile.reset();
    };
    let earned = { entries: 0, points: 0 };
    const results = await alternate(rounds, {
      plain: async () => {
        const run = await importRepairOrders(database, files);
        log(`import without earning ${seconds(run.ms)} s`);
        reportCommands();
        return run.ms;
      },
      earning: async () => {
        const run = await importRepairOrders(database, files, EARNING);
        log(`import with earning ${seconds(run.ms)} s`);
        reportCommands();
        earned = await verifyEarning(run.id);
        return run.ms;
      }
    });
    const ratios = results.earning.map((ms, i) => ms / results.plain[i]);
    return [
      perRoundRow(
        'Points earned during a repair-order import vs the same import without earning',
        `${rows.toLocaleString('en-US')} RO rows onto ${customerCount.toLocaleString('en-US')} vehicles: ` +
          `with earning ${spread(
            results.earning.map((ms) => ms / 1000),
            1,
            ' s'
          )}, without ${spread(
            results.plain.map((ms) => ms / 1000),
            1,
            ' s'
          )}; ${earned.entries.toLocaleString('en-US')} entries, ${earned.points.toLocaleString('en-US')} points, every balance = sum of entries`,
        ratios,
        { kind: 'atMost', value: 1.5 },
        `${rounds} alternated rounds; load average ${loadBefore} → ${loadNow()}; ${engine}`
      )
    ];
  } finally {
    await disconnectDatabase();
    await database.db.stop();
    rmSync(database.dir, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(benchPointsEarning);
