import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Types } from 'mongoose';
import { clock, shanghaiDate } from '../../server/src/lib/clock';
import type { ImportHooks } from '../../server/src/modules/imports/import-hooks';
import { ImportJob } from '../../server/src/modules/imports/import.model';
import { claimImport } from '../../server/src/modules/imports/import-worker';
import { createImportJob } from '../../server/src/modules/imports/import.service';
import { runImportJob } from '../../server/src/modules/imports/run-import';
import { creditRepairOrders } from '../../server/src/modules/points/points-earning.service';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeVehicle, uniqueMobile } from '../support/factories';

/**
 * The import runs a batch's hooks (points earning) while it writes the next batch; a
 * checkpoint and the import's end still wait for them.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

let plateSeq = 0;

/** A repair-order job of `count` customer-paid ROs, recorded as running here (the harness's poller leaves it alone). */
async function repairOrderJob(dealershipId: Types.ObjectId, count: number) {
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const customer = await makeCustomer(dealershipId, { mobile: uniqueMobile(), source: 'dms_import' });
    const plate = `粤D${String(30000 + ++plateSeq)}`;
    await makeVehicle(customer, { plate, vin: null });
    rows.push(`HK-${plateSeq},${plate},${shanghaiDate(clock.now())},定期保养,${100 * (i + 1)},客户付费`);
  }
  const file = join(ctx.deps.config.UPLOAD_DIR, `${randomUUID()}.csv`);
  writeFileSync(file, ['工单号,车牌号,进厂日期,维修类型,结算金额,付费类型', ...rows].join('\n') + '\n');
  const job = await createImportJob(
    {
      dealershipId: String(dealershipId),
      staffId: null,
      kind: 'repair_orders',
      dryRun: false,
      fileName: 'ro.csv',
      filePath: file,
      ownsFile: true,
      mapping: {}
    },
    true
  );
  return { job, attempt: (await claimImport(job, 'here')) ?? 0 };
}

/** Real earning, slowed down so a batch's hooks are still running when the next batch is written. */
const slowEarning = (finished: number[]): ImportHooks => ({
  repairOrdersWritten: async (dealershipId, records) => {
    await sleep(150);
    await creditRepairOrders(String(dealershipId), records);
    finished.push(records.length);
  }
});

test('an import is done only once every batch’s points are credited', async () => {
  const dealership = await makeDealership();
  const { job, attempt } = await repairOrderJob(dealership._id, 6);
  const finished: number[] = [];
  expect(await runImportJob(job._id, { attempt, batchSize: 2, hooks: slowEarning(finished) })).toBe('done');
  // At the moment the job is done: every batch's hook has finished, every RO is credited.
  expect(finished).toEqual([2, 2, 2]);
  expect(await PointsEntry.countDocuments({ dealershipId: dealership._id })).toBe(6);
  expect(await ImportJob.findById(job._id).lean()).toMatchObject({ status: 'done' });
});

test('a hook that fails on an earlier batch fails the import; the job is not done', async () => {
  const dealership = await makeDealership();
  const { job, attempt } = await repairOrderJob(dealership._id, 4);
  let calls = 0;
  const failing: ImportHooks = {
    repairOrdersWritten: async () => {
      calls++;
      await sleep(50);
      if (calls === 1) throw new Error('earning failed');
    }
  };
  await expect(runImportJob(job._id, { attempt, batchSize: 2, hooks: failing })).rejects.toThrow(
    'earning failed'
  );
  expect((await ImportJob.findById(job._id).lean())?.status).not.toBe('done');
});

test('a resumed run credits the rows a crashed run wrote but never credited', async () => {
  const dealership = await makeDealership();
  const { job, attempt } = await repairOrderJob(dealership._id, 4);
  // The first run writes its batches and dies before any of their points are credited.
  const dying: ImportHooks = {
    repairOrdersWritten: async () => {
      throw new Error('killed before earning');
    }
  };
  await expect(runImportJob(job._id, { attempt, batchSize: 2, hooks: dying })).rejects.toThrow(
    'killed before earning'
  );
  expect(await ServiceRecord.countDocuments({ dealershipId: dealership._id })).toBeGreaterThanOrEqual(2);
  expect(await PointsEntry.countDocuments({ dealershipId: dealership._id })).toBe(0);

  // The next run finds those rows stored and unchanged, and still hands them to the hooks.
  const again = await claimImport((await ImportJob.findById(job._id).lean())!, 'here', -1);
  expect(again).toBe(attempt + 1);
  const earning: ImportHooks = {
    repairOrdersWritten: async (dealershipId, records) => {
      await creditRepairOrders(String(dealershipId), records);
    }
  };
  expect(await runImportJob(job._id, { attempt: again!, batchSize: 2, hooks: earning })).toBe('done');
  expect(await PointsEntry.countDocuments({ dealershipId: dealership._id })).toBe(4);
});
