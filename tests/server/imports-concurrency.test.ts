import { randomUUID } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { op } from '../../server/src/lib/query';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { ImportClaim, ImportJob } from '../../server/src/modules/imports/import.model';
import { claimImport, ImportWorker } from '../../server/src/modules/imports/import-worker';
import { createImportJob } from '../../server/src/modules/imports/import.service';
import { runImportJob } from '../../server/src/modules/imports/run-import';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, makeVehicle } from '../support/factories';
import { expectation, firstImportCounts, fixture } from './imports-support';

/**
 * Imports racing with other writers on the real database: workers claiming the same jobs,
 * and staff editing archives while an import that read them earlier is still writing.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const customersExpected = expectation('customers-gbk.expected.json');

function uploadedFile(content: Buffer | string, ext: string): string {
  const file = join(ctx.deps.config.UPLOAD_DIR, `${randomUUID()}.${ext}`);
  if (typeof content === 'string') writeFileSync(file, `\ufeff${content}`, 'utf8');
  else writeFileSync(file, content);
  return file;
}

async function newJob(
  dealershipId: unknown,
  kind: 'customers' | 'repair_orders',
  filePath: string,
  held: boolean
) {
  return createImportJob(
    {
      dealershipId: String(dealershipId),
      staffId: null,
      kind,
      dryRun: false,
      fileName: `${kind}.csv`,
      filePath,
      ownsFile: true,
      mapping: {}
    },
    held
  );
}

/**
 * Runs a held job in batches of two; `edit` runs once, when the first batch is written and the
 * second already read (planned) but not yet written.
 */
async function runWithEditMidway(
  job: Awaited<ReturnType<typeof newJob>>,
  owner: string,
  edit: () => Promise<unknown>
) {
  const attempt = (await claimImport(job, owner))!;
  let edited = false;
  return runImportJob(job._id, {
    attempt,
    batchSize: 2,
    onProgress: async () => {
      if (edited) return;
      edited = true;
      await edit();
    }
  });
}

describe('claims', () => {
  test('a worker holding an old view of the job cannot take over a run that is still beating', async () => {
    const dealership = await makeDealership();
    const file = join(ctx.deps.config.UPLOAD_DIR, `${randomUUID()}.csv`);
    copyFileSync(fixture('customers-gbk.csv'), file);
    const job = await newJob(dealership._id, 'customers', file, true);
    expect(await claimImport(job, 'first')).toBe(1);
    // The first run has lasted longer than the lease, beating all along.
    await ImportClaim.updateOne(
      { _id: `${job._id}:1` },
      { $set: { claimedAt: new Date(Date.now() - 120_000) } }
    );
    await ImportJob.updateOne({ _id: job._id }, { $set: { heartbeatAt: new Date() } });

    // A worker that listed the job before the first claim (attempt 0) tries now.
    expect(await claimImport({ _id: job._id, attempt: 0, startedAt: null }, 'late')).toBeNull();
    expect(await ImportJob.findById(job._id).lean()).toMatchObject({ status: 'running', attempt: 1 });
    expect(await ImportClaim.countDocuments({ importId: job._id })).toBe(1);
  });

  test('many workers polling at once: each job runs exactly once', async () => {
    const jobs = [];
    for (let i = 0; i < 5; i++) {
      const dealership = await makeDealership();
      const file = join(ctx.deps.config.UPLOAD_DIR, `${randomUUID()}.csv`);
      copyFileSync(fixture('customers-gbk.csv'), file);
      jobs.push({
        dealershipId: dealership._id,
        job: await newJob(dealership._id, 'customers', file, false)
      });
    }
    const workers = Array.from(
      { length: 8 },
      () => new ImportWorker(ctx.deps.logger, { pollMs: 50, batchSize: 4 })
    );
    workers.forEach((w) => w.start());
    try {
      const deadline = Date.now() + 60_000;
      const ids = jobs.map((j) => j.job._id);
      while ((await ImportJob.countDocuments({ _id: op.in(ids), status: 'done' })) < ids.length) {
        if (Date.now() > deadline) throw new Error('jobs not done in time');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    for (const { job, dealershipId } of jobs) {
      expect(await ImportJob.findById(job._id).lean()).toMatchObject({
        status: 'done',
        attempt: 1,
        counts: firstImportCounts(customersExpected)
      });
      expect(await ImportClaim.countDocuments({ importId: job._id })).toBe(1);
      expect(await Customer.countDocuments({ dealershipId })).toBe(
        customersExpected.totals.distinctMobiles + 2
      );
    }
  });
});

describe('field-level writes', () => {
  test('a staff edit made while the import runs survives; the file still sets the other fields', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const mobiles = Array.from({ length: 8 }, (_, i) => `1370000${String(1000 + i)}`);
    const customers: { _id: unknown }[] = [];
    for (const [i, mobile] of mobiles.entries())
      customers.push(await makeCustomer(dealership._id, { mobile, name: `旧名${i}`, address: `旧地址${i}` }));
    const csv = ['客户姓名,手机号,地址', ...mobiles.map((m, i) => `新名${i},${m},新地址${i}`)].join('\r\n');
    const job = await newJob(dealership._id, 'customers', uploadedFile(csv, 'csv'), true);
    const result = await runWithEditMidway(job, 'editor-race', () =>
      ctx
        .http()
        .patch(`/api/customers/${customers[2]._id}`)
        .set(manager.auth)
        .send({ name: '员工改的名' })
        .expect(200)
    );
    expect(result).toBe('done');
    const stored = await Customer.find({ dealershipId: dealership._id }).sort({ mobile: 1 }).lean();
    expect(stored.map((c) => [c.name, c.address])).toEqual(
      mobiles.map((_, i) => (i === 2 ? ['员工改的名', '新地址2'] : [`新名${i}`, `新地址${i}`]))
    );
  });

  test('a newer mileage recorded while the import runs is not replaced by the file’s older reading', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const owner = await makeCustomer(dealership._id);
    const car = await makeVehicle(owner, {
      plate: '粤B80001',
      vin: null,
      mileageKm: 10_000,
      mileageDate: '2024-01-01'
    });
    const other = await makeVehicle(owner, {
      plate: '粤B80002',
      vin: null,
      mileageKm: 5_000,
      mileageDate: '2024-01-01'
    });
    const rows = Array.from({ length: 8 }, (_, i) => {
      const plate = i % 2 === 0 ? '粤B80001' : '粤B80002';
      return `RO-M${i},${plate},2025-0${1 + Math.floor(i / 2)}-10,定期保养,500,${20_000 + i * 1_000}`;
    });
    const csv = ['工单号,车牌号,进厂日期,维修类型,结算金额,进厂里程', ...rows].join('\r\n');
    const job = await newJob(dealership._id, 'repair_orders', uploadedFile(csv, 'csv'), true);
    const result = await runWithEditMidway(job, 'mileage-race', () =>
      ctx
        .http()
        .patch(`/api/vehicles/${car._id}`)
        .set(manager.auth)
        .send({ mileageKm: 60_000, mileageDate: '2025-11-01' })
        .expect(200)
    );
    expect(result).toBe('done');
    expect(await ServiceRecord.countDocuments({ dealershipId: dealership._id })).toBe(8);
    expect(await Vehicle.findById(car._id).lean()).toMatchObject({
      mileageKm: 60_000,
      mileageDate: '2025-11-01'
    });
    // The other car had no newer reading: the file's newest (RO-M7, 2025-04-10) is stored.
    expect(await Vehicle.findById(other._id).lean()).toMatchObject({
      mileageKm: 27_000,
      mileageDate: '2025-04-10'
    });
  });
});
