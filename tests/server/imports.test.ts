import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, makeVehicle, type StaffLogin } from '../support/factories';
import {
  errorCells,
  expectation,
  firstImportCounts,
  fixture,
  importFile,
  snapshot,
  warningTotal
} from './imports-support';

/**
 * The DMS fixtures imported through the real upload endpoint and worker, checked against
 * their hand-written expectations (tests/fixtures/dms/*.expected.json).
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const customersCsv = fixture('customers-gbk.csv');
const customersExpected = expectation('customers-gbk.expected.json');
const roXlsx = fixture('repair-orders.xlsx');
const roXlsxExpected = expectation('repair-orders.expected.json');

async function storeWithManager(): Promise<{ id: string; manager: StaffLogin }> {
  const dealership = await makeDealership();
  return { id: String(dealership._id), manager: await makeStaff('manager', dealership._id) };
}

describe('customers + vehicles (GBK CSV with a title row, duplicates and bad rows)', () => {
  test('imports with exactly the expected counts, errors and warnings', async () => {
    const { id, manager } = await storeWithManager();
    const job = await importFile(ctx, manager.auth, customersCsv, { kind: 'customers' });

    expect(job.status).toBe('done');
    // 13 distinct valid records each create an archive or a vehicle; rows 7 and 19 repeat rows 3 and 4.
    expect(job.counts).toEqual(firstImportCounts(customersExpected));
    expect(job.counts).toEqual({ created: 13, updated: 0, unchanged: 2, failed: 3 });
    expect(job.errors.map((e) => ({ rowNumber: e.rowNumber, column: e.column }))).toEqual(
      errorCells(customersExpected)
    );
    expect(job.errorCount).toBe(3);
    expect(job.warningsCount).toBe(warningTotal(customersExpected));
    expect(job.progress).toEqual({
      processed: customersExpected.dataRows,
      total: customersExpected.dataRows
    });
    expect(job.preview).toEqual([]);

    // 11 distinct mobiles + 2 archives known only through their car (陈静, 周杰).
    expect(await Customer.countDocuments({ dealershipId: id })).toBe(
      customersExpected.totals.distinctMobiles + 2
    );
    expect(await Vehicle.countDocuments({ dealershipId: id })).toBe(
      customersExpected.totals.distinctVehicles
    );

    const zhang = await Customer.findOne({ dealershipId: id, mobile: '13812345678' }).lean();
    expect(zhang).toMatchObject({
      name: '张伟',
      gender: 'male',
      source: 'dms_import',
      occupationClass: 'employee',
      regionClass: 'city'
    });
    expect(zhang?.birthday).toMatchObject({ calendar: 'solar', date: '1985-03-12' });
    const car = await Vehicle.findOne({ dealershipId: id, plate: '粤B12345' }).lean();
    expect(car).toMatchObject({
      vin: 'LSVAU218XN2183294',
      identityKey: 'VIN:LSVAU218XN2183294',
      brand: '大众',
      usage: 'private',
      mileageKm: 35000
    });
    expect(String(car?.customerId)).toBe(String(zhang?._id));

    // No usable mobile (1381234567 has 10 digits): the archive exists through the vehicle.
    const zhou = await Vehicle.findOne({ dealershipId: id, plate: '粤B12346' }).lean();
    const zhouArchive = await Customer.findById(zhou?.customerId).lean();
    expect(zhouArchive).toMatchObject({ name: '周杰', mobile: null });
    expect(zhouArchive?.mobileKey).toBe(`none:${zhouArchive?._id}`);
  });

  test('importing the same file again changes nothing and says so', async () => {
    const { manager } = await storeWithManager();
    await importFile(ctx, manager.auth, customersCsv, { kind: 'customers' });
    const before = await snapshot();

    const again = await importFile(ctx, manager.auth, customersCsv, { kind: 'customers' });
    expect(again.counts).toEqual({
      created: 0,
      updated: 0,
      unchanged: customersExpected.validRows,
      failed: customersExpected.errorRowCount
    });
    expect(await snapshot()).toEqual(before);
  });

  test('a dry run reports the same counts and writes nothing but the job', async () => {
    const { id, manager } = await storeWithManager();
    const job = await importFile(ctx, manager.auth, customersCsv, { kind: 'customers', dryRun: 'true' });

    expect(job.dryRun).toBe(true);
    expect(job.counts).toEqual(firstImportCounts(customersExpected));
    expect(job.errors).toHaveLength(3);
    expect(job.preview.length).toBeGreaterThan(0);
    expect(job.preview[0]).toMatchObject({
      rowNumber: 3,
      outcome: 'created',
      record: { name: '张伟', mobile: '13812345678' }
    });
    expect(await Customer.countDocuments({ dealershipId: id })).toBe(0);
    expect(await Vehicle.countDocuments({ dealershipId: id })).toBe(0);
  });

  test('changed rows update the stored archive (a prospect becomes a customer)', async () => {
    const { id, manager } = await storeWithManager();
    const existing = await makeCustomer(id, {
      name: '旧名字',
      mobile: '13812345678',
      address: '旧地址',
      isProspect: true
    });
    // With its car already on file, the row only updates (a new car would make it 'created').
    const car = await makeVehicle(existing, {
      plate: '粤B12345',
      vin: 'LSVAU218XN2183294',
      mileageKm: 50000
    });
    const job = await importFile(ctx, manager.auth, customersCsv, {
      kind: 'customers',
      mapping: JSON.stringify({ 序号: 'ignore' })
    });
    expect(job.counts).toEqual({ created: 12, updated: 1, unchanged: 2, failed: 3 });
    const updated = await Customer.findById(existing._id).lean();
    expect(updated).toMatchObject({
      name: '张伟',
      address: '深圳市南山区科技园',
      isProspect: false,
      source: 'manual'
    });
    expect(updated?.updatedAt.getTime()).toBeGreaterThan(existing.updatedAt.getTime());
    // File values replace stored ones, except an odometer figure lower than the stored one.
    expect(await Vehicle.findById(car._id).lean()).toMatchObject({
      series: '朗逸',
      model: '1.5L 自动舒适版',
      mileageKm: 50000
    });
  });

  test('an advisor column assigns new customers to that advisor; unknown names leave them unassigned', async () => {
    const { id, manager } = await storeWithManager();
    const advisor = await makeStaff('advisor', id, '林顾问');
    const file = join(ctx.deps.config.UPLOAD_DIR, 'advisors-source.csv');
    writeFileSync(
      file,
      '客户姓名,手机号,车牌号,服务顾问\n甲,13700000001,粤A11111,林顾问\n乙,13700000002,粤A22222,不存在的人\n'
    );
    const job = await importFile(ctx, manager.auth, file, { kind: 'customers' });
    rmSync(file);
    expect(job.counts).toEqual({ created: 2, updated: 0, unchanged: 0, failed: 0 });
    expect(
      String((await Customer.findOne({ dealershipId: id, mobile: '13700000001' }).lean())?.advisorId)
    ).toBe(advisor.id);
    expect(
      (await Customer.findOne({ dealershipId: id, mobile: '13700000002' }).lean())?.advisorId
    ).toBeNull();
  });
});

describe('repair orders (XLSX with merged title, formulas, rich text)', () => {
  test('imports with the expected counts; vehicles get their newest mileage; advisors are matched by name', async () => {
    const { id, manager } = await storeWithManager();
    const li = await makeStaff('advisor', id, '李顾问');
    await importFile(ctx, manager.auth, customersCsv, { kind: 'customers' });

    const job = await importFile(ctx, manager.auth, roXlsx, { kind: 'repair_orders' });
    expect(job.counts).toEqual(firstImportCounts(roXlsxExpected));
    expect(job.counts).toEqual({ created: 8, updated: 0, unchanged: 0, failed: 3 });
    expect(job.errors.map((e) => ({ rowNumber: e.rowNumber, column: e.column }))).toEqual(
      errorCells(roXlsxExpected)
    );
    expect(job.warningsCount).toBe(warningTotal(roXlsxExpected));

    const records = await ServiceRecord.find({ dealershipId: id }).lean();
    expect(records).toHaveLength(8);
    expect(records.reduce((s, r) => s + r.amountFen, 0)).toBe(roXlsxExpected.totals.amountFenOfValidRows);
    expect(records.filter((r) => r.paid).reduce((s, r) => s + r.amountFen, 0)).toBe(
      roXlsxExpected.totals.paidAmountFen
    );

    const first = records.find((r) => r.roNumber === 'RO20240001');
    const car = await Vehicle.findOne({ dealershipId: id, plate: '粤B12345' }).lean();
    expect(String(first?.vehicleId)).toBe(String(car?._id));
    expect(String(first?.customerId)).toBe(String(car?.customerId));
    expect(first).toMatchObject({
      advisorName: '李顾问',
      serviceDate: '2024-01-08',
      type: 'regular_maintenance',
      amountFen: 68000,
      profitFen: 21050
    });
    expect(String(first?.advisorId)).toBe(li.id);
    expect(records.find((r) => r.roNumber === 'RO20240002')).toMatchObject({
      advisorName: '王顾问',
      advisorId: null
    });
    // RO20240001/06/11 are this car's visits; the 30 May one is the newest reading.
    expect(car).toMatchObject({ mileageKm: 40000, mileageDate: '2024-05-30' });
  });

  test('re-import: all unchanged, database identical; a dry run elsewhere writes no records', async () => {
    const { manager } = await storeWithManager();
    await importFile(ctx, manager.auth, customersCsv, { kind: 'customers' });
    await importFile(ctx, manager.auth, roXlsx, { kind: 'repair_orders' });
    const before = await snapshot();
    const again = await importFile(ctx, manager.auth, roXlsx, { kind: 'repair_orders' });
    expect(again.counts).toEqual({
      created: 0,
      updated: 0,
      unchanged: roXlsxExpected.validRows,
      failed: roXlsxExpected.errorRowCount
    });
    expect(await snapshot()).toEqual(before);

    const other = await storeWithManager();
    await importFile(ctx, other.manager.auth, customersCsv, { kind: 'customers' });
    const vehiclesBefore = await Vehicle.find({ dealershipId: other.id }).sort({ _id: 1 }).lean();
    const dry = await importFile(ctx, other.manager.auth, roXlsx, { kind: 'repair_orders', dryRun: 'true' });
    expect(dry.counts).toEqual(firstImportCounts(roXlsxExpected));
    expect(await ServiceRecord.countDocuments({ dealershipId: other.id })).toBe(0);
    expect(await Vehicle.find({ dealershipId: other.id }).sort({ _id: 1 }).lean()).toEqual(vehiclesBefore);
  });

  test('UTF-8 BOM CSV with English headers; a vehicle missing from the archive is a row error', async () => {
    const { id, manager } = await storeWithManager();
    await importFile(ctx, manager.auth, customersCsv, { kind: 'customers' });
    const owner = await makeCustomer(id, { name: '车主甲' });
    await makeVehicle(owner, { plate: '粤B99999', vin: null });
    // 粤B77777 (row 9) is not in the archive.
    const expected = expectation('repair-orders-utf8bom.expected.json');
    const job = await importFile(ctx, manager.auth, fixture('repair-orders-utf8bom.csv'), {
      kind: 'repair_orders'
    });
    expect(job.counts).toEqual({
      created: expected.validRows - 1,
      updated: 0,
      unchanged: 0,
      failed: expected.errorRowCount + 1
    });
    expect(job.errors).toContainEqual({
      rowNumber: 9,
      column: 'Plate No.',
      reason: expect.stringContaining('未找到车辆')
    });

    const csv = await ctx
      .http()
      .get(`/api/imports/${job.id}/errors.csv`)
      .set(manager.auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF行号,列,原因\r\n')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(1 + job.errorCount);
    expect(text).toContain('9,Plate No.,未找到车辆');
  });
});

test('an explicit mapping is kept on the job and decides the columns (headers with dots included)', async () => {
  const { id, manager } = await storeWithManager();
  await importFile(ctx, manager.auth, customersCsv, { kind: 'customers' });
  const mapping = { 'RO No.': 'roNumber', 'Service Advisor': 'ignore' };
  const job = await importFile(ctx, manager.auth, fixture('repair-orders-utf8bom.csv'), {
    kind: 'repair_orders',
    mapping: JSON.stringify(mapping)
  });
  expect(job.mapping).toEqual(mapping);
  const first = await ServiceRecord.findOne({ dealershipId: id, roNumber: 'WO-0001' }).lean();
  expect(first).toMatchObject({ amountFen: 108000, advisorName: null });
});

test('the list shows my dealership’s jobs, newest first', async () => {
  const { manager } = await storeWithManager();
  const a = await importFile(ctx, manager.auth, customersCsv, { kind: 'customers', dryRun: 'true' });
  const b = await importFile(ctx, manager.auth, roXlsx, { kind: 'repair_orders', dryRun: 'true' });
  const res = await ctx.http().get('/api/imports?page=1').set(manager.auth).expect(200);
  expect(res.body.total).toBe(2);
  expect(res.body.items.map((j: { id: string }) => j.id)).toEqual([b.id, a.id]);
  expect(res.body.items[0]).not.toHaveProperty('filePath');
});
