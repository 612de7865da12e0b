import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, uniqueMobile, type StaffLogin } from '../support/factories';

let ctx: TestContext;
let manager: StaffLogin;
let dealershipId: string;
beforeAll(async () => {
  ctx = await startTestApp();
  const dealership = await makeDealership();
  dealershipId = String(dealership._id);
  manager = await makeStaff('manager', dealership._id);
});
afterAll(() => ctx.close());

const count = () => Customer.countDocuments({ dealershipId });
const valid = () => ({ name: '测试', mobile: uniqueMobile() });

/** Sends a body and checks: the status and code, the first issue's path, and that no customer was created. */
async function refused(body: unknown, status: number, code: string, path?: string) {
  const before = await count();
  const req = ctx.http().post('/api/customers').set(manager.auth);
  const res =
    typeof body === 'string'
      ? await req.set('Content-Type', 'application/json').send(body)
      : await req.send(body as object);
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  if (path) expect(res.body.error.details.issues[0].path).toBe(path);
  expect(await count()).toBe(before);
  return res;
}

describe('bad input is a clear 4xx and changes nothing', () => {
  test('malformed JSON', async () => {
    await refused('{"name": "张三", "mobile": ', 400, 'MALFORMED_JSON');
  });

  test('wrong types, unknown fields, invalid values', async () => {
    await refused({ ...valid(), name: 123 }, 400, 'VALIDATION_FAILED', 'body.name');
    await refused({ ...valid(), name: '   ' }, 400, 'VALIDATION_FAILED', 'body.name');
    await refused({ ...valid(), name: '名'.repeat(31) }, 400, 'VALIDATION_FAILED', 'body.name');
    await refused({ ...valid(), isAdmin: true }, 400, 'VALIDATION_FAILED');
    await refused({ ...valid(), mobile: '12345' }, 400, 'VALIDATION_FAILED', 'body.mobile');
    await refused({ ...valid(), tags: 'VIP' }, 400, 'VALIDATION_FAILED', 'body.tags');
    await refused({ ...valid(), gender: 'unknown' }, 400, 'VALIDATION_FAILED', 'body.gender');
    await refused(
      { ...valid(), birthday: { calendar: 'solar', date: '2023-02-30' } },
      400,
      'VALIDATION_FAILED',
      'body.birthday.date'
    );
    await refused(
      { ...valid(), birthday: { calendar: 'lunar', lunarMonth: 13, lunarDay: 1 } },
      400,
      'VALIDATION_FAILED',
      'body.birthday.lunarMonth'
    );
    await refused({ ...valid(), consent: { marketing: true, sms: true } }, 400, 'VALIDATION_FAILED');
    const res = await refused(
      { ...valid(), advisorId: 'not-an-id' },
      400,
      'VALIDATION_FAILED',
      'body.advisorId'
    );
    expect(res.body.error.message).toContain('body.advisorId');
  });

  test('oversized body (>100kb) is 413', async () => {
    await refused({ ...valid(), notes: '长'.repeat(60_000) }, 413, 'PAYLOAD_TOO_LARGE');
  });

  test('operator injection in the body or the query string', async () => {
    await refused({ name: '注入', mobile: { $gt: '' } }, 400, 'VALIDATION_FAILED', 'body.mobile');
    const target = await makeCustomer(dealershipId, { name: '原名' });
    const patch = await ctx
      .http()
      .patch(`/api/customers/${target._id}`)
      .set(manager.auth)
      .send({ name: { $ne: null } });
    expect(patch.status).toBe(400);
    expect(patch.body.error.details.issues[0].path).toBe('body.name');
    expect((await Customer.findById(target._id).lean())!.name).toBe('原名');

    for (const query of ['q[$ne]=x', 'q=a&q=b', 'advisorId[$ne]=1', 'tag[$regex]=.*', 'page[$gt]=0']) {
      const res = await ctx.http().get(`/api/customers?${query}`).set(manager.auth);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const log = await ctx.http().get('/api/access-log?customerId[$ne]=x').set(manager.auth);
    expect(log.status).toBe(400);
  });

  test('bad ids and bad vehicle input', async () => {
    const badId = await ctx.http().get('/api/customers/123').set(manager.auth);
    expect(badId.status).toBe(400);
    expect(badId.body.error.details.issues[0].path).toBe('params.id');
    const missing = await ctx.http().get('/api/customers/0123456789abcdef01234567').set(manager.auth);
    expect(missing.status).toBe(404);

    const customer = await makeCustomer(dealershipId);
    const send = (body: object) =>
      ctx.http().post(`/api/customers/${customer._id}/vehicles`).set(manager.auth).send(body);
    const expectIssue = async (body: object, path: string) => {
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe(path);
    };
    await expectIssue({ plate: '粤B1234' }, 'body.plate');
    await expectIssue({ plate: 'ABCDEFG' }, 'body.plate');
    await expectIssue({ vin: 'LSVAU218IN2183294' }, 'body.vin');
    await expectIssue({ vin: 'SHORT' }, 'body.vin');
    await expectIssue({ plate: '粤B12345', mileageKm: -1 }, 'body.mileageKm');
    await expectIssue({ plate: '粤B12345', usage: 'rental' }, 'body.usage');
    await expectIssue({ plate: '粤B12345', deliveryDate: '2024/03/01' }, 'body.deliveryDate');
    const neither = await send({ brand: '大众' });
    expect(neither.status).toBe(400);
    expect(neither.body.error.code).toBe('PLATE_OR_VIN_REQUIRED');
    expect(await Vehicle.countDocuments({ customerId: customer._id })).toBe(0);

    const contact = await ctx
      .http()
      .post(`/api/customers/${customer._id}/contacts`)
      .set(manager.auth)
      .send({ channel: 'fax', outcome: 'x' });
    expect(contact.status).toBe(400);
    expect(contact.body.error.details.issues[0].path).toBe('body.channel');
  });
});

describe('the OpenAPI document', () => {
  test('describes the customer endpoints from the shared schemas (strict bodies)', async () => {
    const res = await ctx.http().get('/api/openapi.json').expect(200);
    const paths = res.body.paths as Record<
      string,
      Record<
        string,
        { requestBody?: { content: Record<string, { schema: { additionalProperties?: boolean } }> } }
      >
    >;
    for (const path of [
      '/api/customers',
      '/api/customers/{id}',
      '/api/customers/export.csv',
      '/api/customers/reassign',
      '/api/access-log',
      '/api/owner/notices',
      '/api/vehicles/{id}'
    ]) {
      expect(paths[path]).toBeDefined();
    }
    expect(
      paths['/api/customers'].post.requestBody!.content['application/json'].schema.additionalProperties
    ).toBe(false);
  });
});
