import { Customer } from '../../server/src/modules/customers/customer.model';
import { saveMapping, SavedMapping, savedMappingFor } from '../../server/src/modules/imports/saved-mapping';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { upload, waitForImport } from './imports-support';

/**
 * The dry run tells which columns were recognised, which ignored and which values could
 * not be read; a column mapped by hand is remembered per dealership and import kind.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const CSV = Buffer.from(
  '\ufeff' +
    [
      '客户姓名,手机号,性别,常住地,会员等级',
      '张三,13811110001,男,深圳市南山区,金卡',
      '李四,13811110002,X1,深圳市福田区,银卡',
      '王五,13811110003,X2,东莞市,',
      '赵六,12345,女,惠州市,'
    ].join('\r\n'),
  'utf8'
);

async function run(auth: Record<string, string>, fields: { dryRun?: string; mapping?: string }) {
  const res = await upload(ctx, auth, { name: '客户.csv', bytes: CSV }, { kind: 'customers', ...fields });
  expect(res.status).toBe(202);
  return waitForImport(ctx, auth, res.body.id as string);
}

test('dry run: recognised columns, ignored columns, unreadable values with counts and examples', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const job = await run(manager.auth, { dryRun: 'true' });
  expect(job.status).toBe('done');
  expect(job.columns?.recognised).toEqual([
    { column: '客户姓名', field: 'name', label: '客户姓名', by: 'alias' },
    { column: '手机号', field: 'mobile', label: '手机号', by: 'alias' },
    { column: '性别', field: 'gender', label: '性别', by: 'alias' }
  ]);
  expect(job.columns?.ignored).toEqual(['常住地', '会员等级']);
  expect(job.columns?.targets).toContainEqual({ field: 'address', label: '地址' });
  expect(job.unreadable).toEqual([
    { column: '性别', reason: '性别无法识别，已忽略', count: 2, examples: ['X1', 'X2'] },
    { column: '手机号', reason: expect.stringContaining('手机号') as string, count: 1, examples: ['12345'] }
  ]);
  expect(await Customer.countDocuments({ dealershipId: dealership._id })).toBe(0);
  expect(await SavedMapping.countDocuments({ dealershipId: dealership._id })).toBe(0);
});

test('a mapped column is imported, saved for the dealership and applied to the next file', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const imported = await run(manager.auth, {
    mapping: JSON.stringify({ 常住地: 'address', 会员等级: 'ignore' })
  });
  expect(imported.status).toBe('done');
  const zhang = await Customer.findOne({ dealershipId: dealership._id, mobile: '13811110001' }).lean();
  expect(zhang?.address).toBe('深圳市南山区');
  expect(await SavedMapping.countDocuments({ dealershipId: dealership._id, kind: 'customers' })).toBe(2);

  // Next month: the same headers, no mapping sent.
  const next = await run(manager.auth, { dryRun: 'true' });
  expect(next.mapping).toEqual({ 常住地: 'address', 会员等级: 'ignore' });
  expect(next.columns?.recognised).toContainEqual({
    column: '常住地',
    field: 'address',
    label: '地址',
    by: 'mapping'
  });
  expect(next.columns?.ignored).toEqual(['会员等级']);

  // Another dealership, or the other import kind, does not get it.
  const other = await makeDealership();
  const otherManager = await makeStaff('manager', other._id);
  const elsewhere = await run(otherManager.auth, { dryRun: 'true' });
  expect(elsewhere.mapping).toEqual({});
  expect(elsewhere.columns?.ignored).toEqual(['常住地', '会员等级']);

  // The uploader's own mapping wins over the saved one, and replaces it once imported.
  const remapped = await run(manager.auth, { mapping: JSON.stringify({ 常住地: 'ignore' }) });
  expect(remapped.mapping).toEqual({ 会员等级: 'ignore', 常住地: 'ignore' });
  expect(await SavedMapping.findOne({ dealershipId: dealership._id, header: '常住地' }).lean()).toMatchObject(
    {
      field: 'ignore'
    }
  );
});

test('a mapping to an unknown field is refused with 400 and nothing is saved', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const res = await upload(
    ctx,
    manager.auth,
    { name: '客户.csv', bytes: CSV },
    {
      kind: 'customers',
      mapping: JSON.stringify({ 常住地: 'homeTown' })
    }
  );
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('INVALID_MAPPING');
  expect(await SavedMapping.countDocuments({ dealershipId: dealership._id })).toBe(0);
});

test('mappings saved at once by two managers: each column keeps its own, one document per column', async () => {
  const dealership = await makeDealership();
  const id = String(dealership._id);
  await Promise.all([
    saveMapping(id, 'customers', { 常住地: 'address', 会员等级: 'ignore' }),
    saveMapping(id, 'customers', { 会员等级: 'ignore', 客户职业: 'occupation' }),
    saveMapping(id, 'repair_orders', { 结算方: 'payer' })
  ]);
  expect(await savedMappingFor(id, 'customers')).toEqual({
    常住地: 'address',
    会员等级: 'ignore',
    客户职业: 'occupation'
  });
  expect(await SavedMapping.countDocuments({ dealershipId: dealership._id, kind: 'customers' })).toBe(3);
  expect(await savedMappingFor(id, 'repair_orders')).toEqual({ 结算方: 'payer' });
});
