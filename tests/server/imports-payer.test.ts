import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { recognizeHeader } from '../../server/src/modules/imports/parsing';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, makeVehicle } from '../support/factories';
import { fixture, importFile } from './imports-support';

/**
 * Who paid for a repair order (付费类型 / 结算类型…): stored as `payer`, and only customer-paid
 * visits count as paid service (tiers and KPIs use paid service only).
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

// Hand-checked verdict of every row of repair-orders-payer.csv.
const EXPECTED: Record<string, { payer: string | null; paid: boolean }> = {
  'RO-P01': { payer: 'customer', paid: true }, // 客户付费
  'RO-P02': { payer: 'customer', paid: true }, // 自费
  'RO-P03': { payer: 'insurance', paid: false }, // 保险 (an accident repair with an amount)
  'RO-P04': { payer: 'insurance', paid: false }, // 保险理赔
  'RO-P05': { payer: 'insurance', paid: false }, // 保险公司
  'RO-P06': { payer: 'warranty', paid: false }, // 厂家索赔
  'RO-P07': { payer: 'warranty', paid: false }, // 保修
  'RO-P08': { payer: 'warranty', paid: false }, // 索赔
  'RO-P09': { payer: 'internal', paid: false }, // 内部
  'RO-P10': { payer: 'internal', paid: false }, // 内部结算
  'RO-P11': { payer: 'customer', paid: true }, // 客户, even for a free first maintenance
  'RO-P12': { payer: null, paid: true }, // blank: guessed from amount and type, as before
  'RO-P13': { payer: null, paid: true } // 月结 unreadable: a warning, then the guess
};

test('payer columns are recognised under the names DMS exports use', () => {
  for (const header of ['付费类型', '结算类型', '结算方式', '付费方式', '付费性质', 'Payer', 'Payment Type'])
    expect({ header, field: recognizeHeader(header) }).toEqual({ header, field: 'payer' });
  expect(recognizeHeader('是否付费')).toBe('paid');
});

test('every payer kind is stored, paid derived from it; re-importing changes nothing', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const customer = await makeCustomer(dealership._id);
  await makeVehicle(customer, { plate: '粤B70001', vin: null });

  const job = await importFile(ctx, manager.auth, fixture('repair-orders-payer.csv'), {
    kind: 'repair_orders'
  });
  expect(job.status).toBe('done');
  expect(job.counts).toEqual({ created: 13, updated: 0, unchanged: 0, failed: 0 });
  expect(job.warningsCount).toBe(1); // RO-P13's 月结

  const stored = await ServiceRecord.find({ dealershipId: dealership._id }).sort({ roNumber: 1 }).lean();
  expect(Object.fromEntries(stored.map((r) => [r.roNumber, { payer: r.payer, paid: r.paid }]))).toEqual(
    EXPECTED
  );
  // The archive shows staff who paid for each visit.
  const archive = await ctx
    .http()
    .get(`/api/customers/${String(customer._id)}`)
    .set(manager.auth)
    .expect(200);
  const shown = archive.body.serviceRecords as Array<{
    roNumber: string;
    payer: string | null;
    paid: boolean;
  }>;
  expect(Object.fromEntries(shown.map((r) => [r.roNumber, { payer: r.payer, paid: r.paid }]))).toEqual(
    EXPECTED
  );

  const again = await importFile(ctx, manager.auth, fixture('repair-orders-payer.csv'), {
    kind: 'repair_orders'
  });
  expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 13, failed: 0 });
});

test('a payer column mapped by hand is read as payer too', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const customer = await makeCustomer(dealership._id);
  await makeVehicle(customer, { plate: '粤B70001', vin: null });
  const job = await importFile(ctx, manager.auth, fixture('repair-orders-payer.csv'), {
    kind: 'repair_orders',
    dryRun: 'true',
    mapping: JSON.stringify({ 付费类型: 'payer' })
  });
  expect(job.status).toBe('done');
  const preview = job.preview.map(
    (p) => p.record as { roNumber: string; payer: string | null; paid: boolean }
  );
  expect(preview.find((r) => r.roNumber === 'RO-P03')).toMatchObject({ payer: 'insurance', paid: false });
  expect(await ServiceRecord.countDocuments({ dealershipId: dealership._id })).toBe(0);
});

test('records stored before payers were recorded (no payer field) get the payer on re-import', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const customer = await makeCustomer(dealership._id);
  const vehicle = await makeVehicle(customer, { plate: '粤B70001', vin: null });
  const now = new Date();
  await ServiceRecord.collection.insertOne({
    dealershipId: dealership._id,
    vehicleId: vehicle._id,
    customerId: customer._id,
    roNumber: 'RO-P03',
    serviceDate: '2025-03-03',
    dateOut: null,
    type: 'accident',
    amountFen: 1_200_000,
    paid: true, // guessed by the old import
    profitFen: null,
    mileageKm: null,
    advisorId: null,
    advisorName: null,
    items: [],
    createdAt: now,
    updatedAt: now
  });
  const job = await importFile(ctx, manager.auth, fixture('repair-orders-payer.csv'), {
    kind: 'repair_orders'
  });
  expect(job.counts).toEqual({ created: 12, updated: 1, unchanged: 0, failed: 0 });
  expect(
    await ServiceRecord.findOne({ dealershipId: dealership._id, roNumber: 'RO-P03' }).lean()
  ).toMatchObject({
    payer: 'insurance',
    paid: false
  });
});
