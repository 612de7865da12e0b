/**
 * The daily aftercare job killed (SIGKILL) half-way through a day of thousands of visits, in
 * a real process (`npx tsx scripts/aftercare-run.ts`, several batches in flight), then run
 * again: every visit has one callback, every visit of a bound customer one survey and one
 * invitation (dispatch, inbox notice, result), nothing left open, no WeChat message twice.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Types } from 'mongoose';
import { op } from '../../server/src/lib/query';
import { updateAftercareSettings } from '../../server/src/modules/aftercare/aftercare-settings.service';
import { Callback } from '../../server/src/modules/aftercare/callback.model';
import { Survey } from '../../server/src/modules/aftercare/survey.model';
import {
  CareDispatch,
  DispatchResult,
  OpenDispatch
} from '../../server/src/modules/care/care-dispatch.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { Owner } from '../../server/src/modules/owners/owner.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { startTestApp, TEST_APPID, TEST_SECRET, type TestContext } from '../support/harness';
import { exited } from '../support/care-cli';
import { CARE_SANDBOX_TEMPLATES } from '../support/care-fixtures';
import { ownerWithVisit, runAftercareDay, setNow, setupAftercare, shanghai } from './aftercare-support';

jest.setTimeout(180_000);
const ROOT = resolve(__dirname, '../..');
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());

const DAY = '2025-09-10';
const VISIT_DAY = '2025-09-07'; // callbacks and surveys from the same day (survey delay 3)
const VISITS = 3000;

/** VISITS customers with a car and a repair order on VISIT_DAY, one in five bound (no consent left). */
async function busyDay(dealershipId: Types.ObjectId): Promise<number> {
  const now = new Date();
  const rows = Array.from({ length: VISITS }, (_, i) => ({
    i,
    customerId: new Types.ObjectId(),
    vehicleId: new Types.ObjectId(),
    ownerId: i % 5 === 0 ? new Types.ObjectId() : null
  }));
  const bound = rows.flatMap((r) => (r.ownerId ? [{ ...r, ownerId: r.ownerId }] : []));
  await Owner.collection.insertMany(
    bound.map((r) => ({
      _id: r.ownerId,
      openid: `crash-${String(r.ownerId)}`,
      sessionKey: 'x',
      createdAt: now,
      lastLoginAt: now
    }))
  );
  await Customer.collection.insertMany(
    rows.map((r) => ({
      _id: r.customerId,
      dealershipId,
      name: `客户${r.i}`,
      mobile: `139${String(r.i).padStart(8, '0')}`,
      mobileKey: `139${String(r.i).padStart(8, '0')}`,
      source: 'dms_import',
      tags: [],
      advisorId: null,
      ownerId: r.ownerId,
      tier: ['A', 'B', 'C', 'D'][r.i % 4],
      birthdayKey: 'none',
      consent: { marketing: true, updatedAt: now },
      createdAt: now,
      updatedAt: now
    }))
  );
  await Vehicle.collection.insertMany(
    rows.map((r) => ({
      _id: r.vehicleId,
      dealershipId,
      customerId: r.customerId,
      plate: `粤C${String(r.i).padStart(5, '0')}`,
      vin: `CRASHVIN${r.i}`,
      identityKey: `VIN:CRASHVIN${r.i}`,
      brand: '大众',
      series: '朗逸',
      model: '',
      deliveryDate: '2022-03-01',
      anniversaryKey: '03-01',
      usage: 'private',
      createdAt: now,
      updatedAt: now
    }))
  );
  await ServiceRecord.collection.insertMany(
    rows.map((r) => ({
      dealershipId,
      vehicleId: r.vehicleId,
      customerId: r.customerId,
      roNumber: `CRASH${r.i}`,
      serviceDate: VISIT_DAY,
      dateOut: null,
      type: 'regular_maintenance',
      amountFen: 30_000,
      paid: true,
      advisorId: null,
      advisorName: '李顾问',
      items: ['更换机油'],
      createdAt: now,
      updatedAt: now
    }))
  );
  return bound.length;
}

function aftercareRun(dealershipId: Types.ObjectId) {
  return spawn(
    'npx',
    [
      'tsx',
      'scripts/aftercare-run.ts',
      '--date',
      DAY,
      '--dealership',
      String(dealershipId),
      '--now',
      shanghai(DAY, '10:00').toISOString()
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        MONGODB_URI: ctx.deps.config.MONGODB_URI,
        WECHAT_API_BASE: ctx.sandbox.url,
        WECHAT_APPID: TEST_APPID,
        WECHAT_SECRET: TEST_SECRET,
        LOG_LEVEL: 'warn'
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npx starts node as a child, and the kill must reach both.
      detached: true
    }
  );
}

test('a run killed half-way and run again: one callback per visit, one survey and one invitation per bound visit', async () => {
  const s = await setupAftercare('断电门店');
  const dealershipId = s.dealership._id;
  await updateAftercareSettings(String(dealershipId), { surveyDelayDays: 3 });
  const consenting = await Promise.all(
    [1, 2, 3].map((n) => ownerWithVisit(ctx, dealershipId, VISIT_DAY, { name: `有授权${n}` }))
  );
  const bound = (await busyDay(dealershipId)) + consenting.length;
  const total = VISITS + consenting.length;

  const first = aftercareRun(dealershipId);
  const firstExit = exited(first);
  // Kill it once a batch is written: the rest of the day is in flight or not read yet.
  const end = Date.now() + 120_000;
  while ((await Callback.countDocuments({ dealershipId })) === 0) {
    if (Date.now() > end)
      throw new Error(
        `no callback written: ${(await Promise.race([firstExit, Promise.resolve(null)]))?.out ?? ''}`
      );
    await new Promise((r) => setTimeout(r, 20));
  }
  process.kill(-first.pid!, 'SIGKILL');
  expect((await firstExit).signal).toBe('SIGKILL');
  expect(await Callback.countDocuments({ dealershipId })).toBeLessThan(total);

  setNow(shanghai(DAY, '10:05'));
  await runAftercareDay(ctx, DAY, dealershipId);

  expect(await Callback.countDocuments({ dealershipId, kind: '3dc' })).toBe(total);
  const surveys = await Survey.find({ dealershipId }, { visitKey: 1 }).lean();
  expect(surveys).toHaveLength(bound);
  const keys = surveys.map((x) => `survey:${x.visitKey}`);
  expect(await CareDispatch.countDocuments({ dealershipId, occasion: 'survey' })).toBe(bound);
  expect(await Notice.countDocuments({ dedupeKey: op.in(keys) })).toBe(bound);
  expect(await DispatchResult.countDocuments({ _id: op.in(keys) })).toBe(bound);
  expect(await OpenDispatch.countDocuments({ dealershipId })).toBe(0);
  for (const c of consenting) expect(ctx.sandbox.state.messages({ touser: c.owner.openid })).toHaveLength(1);
});
