import { readdirSync, readFileSync } from 'node:fs';
import { ImportJob } from '../../server/src/modules/imports/import.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { fixture, importFile, upload } from './imports-support';

/** Uploads that must be refused at once, with a clear 4xx, leaving nothing behind. */
let ctx: TestContext;
let manager: StaffLogin;
let dealershipId: string;
beforeAll(async () => {
  // A small upload limit so the "huge file" case stays quick.
  ctx = await startTestApp({ UPLOAD_LIMIT_MB: '1' });
  const dealership = await makeDealership();
  dealershipId = String(dealership._id);
  manager = await makeStaff('manager', dealership._id);
});
afterAll(() => ctx.close());

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e60000000049454e44ae426082',
  'hex'
);
const customersCsv = fixture('customers-gbk.csv');

/**
 * The upload directory once finished jobs have removed their files (a job removes its file
 * just after saving its result, so a test that saw "done" may look a moment too early).
 */
async function settledUploadDir(): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  let files = readdirSync(ctx.deps.config.UPLOAD_DIR);
  while (files.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    files = readdirSync(ctx.deps.config.UPLOAD_DIR);
  }
  return files;
}

/** A refused upload records no job, leaves no file in the upload directory and no data. */
async function refused<T>(send: () => PromiseLike<T>): Promise<T> {
  const jobsBefore = await ImportJob.countDocuments({});
  const res = await send();
  expect(await ImportJob.countDocuments({})).toBe(jobsBefore);
  expect(await settledUploadDir()).toEqual([]);
  expect(await Customer.countDocuments({ dealershipId })).toBe(0);
  return res;
}

describe('refused uploads', () => {
  test('an empty file → 400 EMPTY_FILE', async () => {
    const res = await refused(() =>
      upload(ctx, manager.auth, { name: 'empty.csv', bytes: Buffer.alloc(0) }, { kind: 'customers' }).expect(
        400
      )
    );
    expect(res.body.error).toMatchObject({ code: 'EMPTY_FILE', message: expect.stringContaining('空') });
  });

  test('a PNG named .csv → 415 UNSUPPORTED_FILE', async () => {
    const res = await refused(() =>
      upload(ctx, manager.auth, { name: 'customers.csv', bytes: PNG }, { kind: 'customers' }).expect(415)
    );
    expect(res.body.error.code).toBe('UNSUPPORTED_FILE');
  });

  test('a file over UPLOAD_LIMIT_MB → 413 and the partial file removed', async () => {
    const row = '张三,13800000000,粤B12345\n';
    const big = Buffer.from(
      `客户姓名,手机号,车牌号\n${row.repeat(Math.ceil((1.3 * 1024 * 1024) / Buffer.byteLength(row)))}`
    );
    const res = await refused(() =>
      upload(ctx, manager.auth, { name: 'big.csv', bytes: big }, { kind: 'customers' }).expect(413)
    );
    expect(res.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('1 MB')
    });
  });

  test('text without a recognisable header → 400 NO_HEADER', async () => {
    const res = await refused(() =>
      upload(
        ctx,
        manager.auth,
        { name: 'notes.csv', bytes: Buffer.from('hello,world\nfoo,bar\n') },
        { kind: 'customers' }
      ).expect(400)
    );
    expect(res.body.error.code).toBe('NO_HEADER');
  });

  test('a customers file sent as repair orders → 400 MISSING_COLUMNS naming them', async () => {
    const res = await refused(() =>
      upload(ctx, manager.auth, customersCsv, { kind: 'repair_orders' }).expect(400)
    );
    expect(res.body.error.code).toBe('MISSING_COLUMNS');
    expect(res.body.error.message).toContain('工单号');
  });

  test('a body that is not multipart → 415', async () => {
    const res = await refused(() =>
      ctx.http().post('/api/imports').set(manager.auth).send({ kind: 'customers' }).expect(415)
    );
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('missing file, missing or unknown kind → 400', async () => {
    expect(
      (await refused(() => upload(ctx, manager.auth, null, { kind: 'customers' }).expect(400))).body.error
        .code
    ).toBe('FILE_REQUIRED');
    const noKind = await refused(() => upload(ctx, manager.auth, customersCsv, {}).expect(400));
    expect(noKind.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(noKind.body.error.details.issues[0].path).toBe('body.kind');
    await refused(() => upload(ctx, manager.auth, customersCsv, { kind: 'cars' }).expect(400));
    await refused(() =>
      upload(ctx, manager.auth, customersCsv, { kind: 'customers', dryRun: 'maybe' }).expect(400)
    );
  });

  test('a mapping to an unknown field, or not JSON → 400', async () => {
    const unknown = await refused(() =>
      upload(ctx, manager.auth, customersCsv, {
        kind: 'customers',
        mapping: JSON.stringify({ 手机号码: 'phoneNumber' })
      }).expect(400)
    );
    expect(unknown.body.error.code).toBe('INVALID_MAPPING');
    expect(unknown.body.error.details.invalid).toEqual({ 手机号码: 'phoneNumber' });
    const notJson = await refused(() =>
      upload(ctx, manager.auth, customersCsv, { kind: 'customers', mapping: '{手机号码:' }).expect(400)
    );
    expect(notJson.body.error.message).toContain('JSON');
  });
});

describe('who may import', () => {
  test('an advisor cannot import or read imports (403)', async () => {
    const advisor = await makeStaff('advisor', dealershipId);
    // The 403 comes before the body is read; a small in-memory body is sent whole regardless.
    const small = { name: 'customers.csv', bytes: readFileSync(customersCsv) };
    await refused(() => upload(ctx, advisor.auth, small, { kind: 'customers' }).expect(403));
    await ctx.http().get('/api/imports').set(advisor.auth).expect(403);
  });

  test("another dealership's import is not found (404), its errors.csv neither", async () => {
    const other = await makeDealership('别的店');
    const otherManager = await makeStaff('manager', other._id);
    const job = await importFile(ctx, otherManager.auth, customersCsv, { kind: 'customers', dryRun: 'true' });
    await ctx.http().get(`/api/imports/${job.id}`).set(manager.auth).expect(404);
    await ctx.http().get(`/api/imports/${job.id}/errors.csv`).set(manager.auth).expect(404);
    expect((await ctx.http().get('/api/imports').set(manager.auth).expect(200)).body.items).toEqual([]);
    await ctx.http().get(`/api/imports/${job.id}`).set(otherManager.auth).expect(200);

    // A group admin names the dealership; without one the upload is refused.
    const admin = await makeStaff('group_admin', null);
    expect(
      (await refused(() => upload(ctx, admin.auth, customersCsv, { kind: 'customers' }).expect(400))).body
        .error.code
    ).toBe('DEALERSHIP_REQUIRED');
    const viaAdmin = await importFile(ctx, admin.auth, customersCsv, {
      kind: 'customers',
      dryRun: 'true',
      dealershipId: String(other._id)
    });
    expect(viaAdmin).toMatchObject({ status: 'done', dealershipId: String(other._id) });
  });
});

test('an accepted upload is stored, processed and then deleted from the upload directory', async () => {
  const job = await importFile(ctx, manager.auth, customersCsv, { kind: 'customers', dryRun: 'true' });
  expect(job).toMatchObject({ status: 'done', fileName: 'customers-gbk.csv', kind: 'customers' });
  expect(job).not.toHaveProperty('filePath');
  expect(await settledUploadDir()).toEqual([]);
  expect(readFileSync(customersCsv).length).toBeGreaterThan(0);
  await ImportJob.deleteMany({});
});
