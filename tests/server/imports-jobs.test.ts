import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ImportClaim, ImportJob } from '../../server/src/modules/imports/import.model';
import { claimImport, ImportWorker } from '../../server/src/modules/imports/import-worker';
import { createImportJob } from '../../server/src/modules/imports/import.service';
import { runImportJob } from '../../server/src/modules/imports/run-import';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership } from '../support/factories';
import { expectation, firstImportCounts, fixture } from './imports-support';

/** The job machinery: claims, concurrent workers, resuming, and the operator CLI. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const customersExpected = expectation('customers-gbk.expected.json');
const expectedCustomers = customersExpected.totals.distinctMobiles + 2;

/** A job recorded as running here (as the CLI does), so the harness's poller leaves it alone. */
async function heldJob(dealershipId: unknown) {
  // Where uploads live (the harness's temporary UPLOAD_DIR); the job deletes it when done.
  const file = join(ctx.deps.config.UPLOAD_DIR, `${randomUUID()}.csv`);
  copyFileSync(fixture('customers-gbk.csv'), file);
  const job = await createImportJob(
    {
      dealershipId: String(dealershipId),
      staffId: null,
      kind: 'customers',
      dryRun: false,
      fileName: 'customers.csv',
      filePath: file,
      ownsFile: true,
      mapping: {}
    },
    true
  );
  return job;
}

test('claiming the same job twice at once: exactly one claim wins', async () => {
  const dealership = await makeDealership();
  const job = await heldJob(dealership._id);
  const results = await Promise.all([claimImport(job, 'worker-a'), claimImport(job, 'worker-b')]);
  expect(results.filter((r) => r !== null)).toEqual([1]);
  expect(await ImportClaim.countDocuments({ importId: job._id })).toBe(1);
});

test('two workers given the same job: it is processed once, with exact counts', async () => {
  const dealership = await makeDealership();
  const job = await heldJob(dealership._id);
  const a = new ImportWorker(ctx.deps.logger);
  const b = new ImportWorker(ctx.deps.logger);
  const ran = await Promise.all([a.runJob(job), b.runJob(job)]);
  expect(ran.filter(Boolean)).toHaveLength(1);

  const done = await ImportJob.findById(job._id).lean();
  expect(done).toMatchObject({ status: 'done', attempt: 1, counts: firstImportCounts(customersExpected) });
  expect(await ImportClaim.countDocuments({ importId: job._id })).toBe(1);
  expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(expectedCustomers);
});

test('a stopped run checkpoints; the next worker resumes it and every row is counted once', async () => {
  const dealership = await makeDealership();
  const job = await heldJob(dealership._id);
  const attempt = await claimImport(job, 'first');
  const stop = new AbortController();
  const first = await runImportJob(job._id, {
    attempt: attempt ?? 0,
    batchSize: 4,
    signal: stop.signal,
    onProgress: () => stop.abort()
  });
  expect(first).toBe('aborted');
  const paused = await ImportJob.findById(job._id).lean();
  // The batch already being written when the stop came is finished and checkpointed too.
  const stoppedAt = paused?.progress?.processed ?? 0;
  expect(stoppedAt % 4).toBe(0);
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(customersExpected.dataRows);
  expect(paused?.checkpoint?.processed).toBe(stoppedAt);

  // The worker re-queues what it stops; here the job is handed over by hand.
  await ImportJob.updateOne({ _id: job._id }, { $set: { status: 'queued' } });
  const next = new ImportWorker(ctx.deps.logger, { batchSize: 4 });
  expect(await next.runJob((await ImportJob.findById(job._id).lean())!)).toBe(true);
  const done = await ImportJob.findById(job._id).lean();
  expect(done).toMatchObject({
    status: 'done',
    attempt: 2,
    counts: firstImportCounts(customersExpected),
    errorCount: 3
  });
  expect(done?.rowErrors?.map((e) => e.rowNumber)).toEqual(
    customersExpected.errorRows.map((r) => r.rowNumber)
  );
  expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(expectedCustomers);
  expect(await Vehicle.countDocuments({ dealershipId: dealership._id })).toBe(
    customersExpected.totals.distinctVehicles
  );
});

test('a run that died (no heartbeat) is taken over by a polling worker and finished', async () => {
  const dealership = await makeDealership();
  const job = await heldJob(dealership._id);
  const attempt = await claimImport(job, 'doomed');
  const crash = new Error('process died');
  await expect(
    runImportJob(job._id, {
      attempt: attempt ?? 0,
      batchSize: 5,
      checkpointRows: 5,
      onProgress: (p) => {
        if (p.processed >= 10) throw crash;
      }
    })
  ).rejects.toBe(crash);
  await ImportJob.updateOne({ _id: job._id }, { $set: { heartbeatAt: new Date(Date.now() - 60_000) } });

  const rescuer = new ImportWorker(ctx.deps.logger, { leaseMs: 5_000, pollMs: 100, batchSize: 5 }).start();
  try {
    const deadline = Date.now() + 20_000;
    while ((await ImportJob.findById(job._id).lean())?.status !== 'done' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
  } finally {
    await rescuer.stop();
  }
  const done = await ImportJob.findById(job._id).lean();
  expect(done).toMatchObject({ status: 'done', attempt: 2, counts: firstImportCounts(customersExpected) });
  expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(expectedCustomers);
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('npx', ['tsx', 'scripts/import.ts', ...args], {
      cwd: resolve(__dirname, '..', '..'),
      env: { ...process.env, MONGODB_URI: ctx.deps.config.MONGODB_URI }
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

test('the operator CLI imports into the same database and prints the counts and first errors', async () => {
  const dealership = await makeDealership();
  const file = fixture('customers-gbk.csv');
  const run = await runCli(['--dealership', dealership.code, '--kind', 'customers', file]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('新增 13，更新 0，未变 2，失败 3');
  expect(run.stdout).toContain('第 9 行  客户姓名');
  expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(expectedCustomers);
  const job = await ImportJob.findOne({ dealershipId: dealership._id }).lean();
  expect(job).toMatchObject({ status: 'done', staffId: null, ownsFile: false, filePath: file });

  const dry = await runCli(['--dealership', dealership.code, '--kind', 'customers', '--dry-run', file]);
  expect(dry.stdout).toContain('新增 0，更新 0，未变 15，失败 3');

  const bad = await runCli(['--dealership', 'NOPE', '--kind', 'customers', file]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('门店代码不存在');
}, 120_000);
