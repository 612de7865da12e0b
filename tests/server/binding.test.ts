import { formatScene } from '@dealer/shared';
import { Binding, BindingEvent } from '../../server/src/modules/bindings/binding.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { startTestApp, type TestContext } from '../support/harness';
import {
  loginOwner,
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle,
  uniqueMobile
} from '../support/factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

async function setupDealer() {
  const dealership = await makeDealership('广州测试4S店');
  const advisor = await makeStaff('advisor', dealership._id, '王顾问');
  const mobile = uniqueMobile();
  const customer = await makeCustomer(dealership._id, { name: '李先生', mobile, source: 'dms_import' });
  const vehicle = await makeVehicle(customer, {
    plate: '粤A12345',
    vin: 'LSVAU2180N2183294',
    deliveryDate: '2024-03-01',
    mileageKm: 20000
  });
  await makeServiceRecord(vehicle, {
    roNumber: 'RO-1001',
    serviceDate: '2024-09-01',
    type: 'first_maintenance',
    amountFen: 0,
    paid: false
  });
  await makeServiceRecord(vehicle, {
    roNumber: 'RO-1002',
    serviceDate: '2025-03-01',
    type: 'regular_maintenance',
    amountFen: 68000
  });
  return { dealership, advisor, mobile, customer, vehicle };
}

function bind(owner: { auth: Record<string, string>; openid: string }, scene: string, mobile: string) {
  const { code } = ctx.sandbox.state.mintPhoneCode({ phoneNumber: mobile, openid: owner.openid });
  return ctx.http().post('/api/owner/bindings').set(owner.auth).send({ scene, phoneCode: code });
}

describe('owner binding and vehicle claim', () => {
  test('scan -> login -> phone matches an imported archive -> claim with VIN-6 -> see history', async () => {
    const { dealership, advisor, mobile, customer, vehicle } = await setupDealer();
    const owner = await loginOwner(ctx);
    const scene = formatScene(dealership.code, advisor.advisorCode);

    const resolved = await ctx
      .http()
      .get(`/api/scene/${encodeURIComponent(scene)}`)
      .expect(200);
    expect(resolved.body).toEqual({
      dealership: { id: String(dealership._id), code: dealership.code, name: '广州测试4S店' },
      advisor: { id: advisor.id, name: '王顾问' }
    });

    const res = await bind(owner, scene, mobile).expect(200);
    expect(res.body.matched).toBe(true);
    expect(res.body.created).toBe(false);
    expect(res.body.binding).toMatchObject({
      customerId: String(customer._id),
      source: 'qr_advisor',
      advisor: { id: advisor.id, name: '王顾问' }
    });

    const archive = await Customer.findById(customer._id).lean();
    expect(String(archive!.ownerId)).toBe(owner.ownerId);
    expect(String(archive!.advisorId)).toBe(advisor.id); // the advisor from the scene, none was set
    expect(
      await BindingEvent.countDocuments({ customerId: customer._id, type: 'bind', source: 'qr_advisor' })
    ).toBe(1);

    const claim = await ctx
      .http()
      .post('/api/owner/vehicles/claim')
      .set(owner.auth)
      .send({ dealershipId: String(dealership._id), plate: '粤a·12345', vinLast6: '183294' })
      .expect(200);
    expect(claim.body.outcome).toBe('claimed');
    expect(claim.body.vehicle).toMatchObject({
      id: String(vehicle._id),
      plate: '粤A12345',
      vinLast6: '183294',
      warranty: { endsOn: '2027-03-01' },
      sanbao: { endsOn: '2026-03-01' }
    });

    const list = await ctx.http().get('/api/owner/vehicles').set(owner.auth).expect(200);
    expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([String(vehicle._id)]);
    const detail = await ctx.http().get(`/api/owner/vehicles/${vehicle._id}`).set(owner.auth).expect(200);
    expect(
      detail.body.serviceRecords.map((r: { roNumber: string; typeLabel: string }) => [
        r.roNumber,
        r.typeLabel
      ])
    ).toEqual([
      ['RO-1002', '定保'],
      ['RO-1001', '首保']
    ]);

    // Binding again is harmless.
    const again = await bind(owner, scene, mobile).expect(200);
    expect(again.body.binding.customerId).toBe(String(customer._id));
    expect(await Binding.countDocuments({ customerId: customer._id })).toBe(1);
  });

  test('a wrong VIN-6 is refused and attempts are limited, also under concurrent guessing', async () => {
    const { dealership, mobile } = await setupDealer();
    const owner = await loginOwner(ctx);
    await bind(owner, formatScene(dealership.code), mobile).expect(200);
    const claim = (vinLast6: string) =>
      ctx
        .http()
        .post('/api/owner/vehicles/claim')
        .set(owner.auth)
        .send({ dealershipId: String(dealership._id), plate: '粤A12345', vinLast6 });

    const first = await claim('000000').expect(422);
    expect(first.body.error).toMatchObject({ code: 'VIN_MISMATCH', details: { attemptsLeft: 4 } });

    const burst = await Promise.all(Array.from({ length: 12 }, () => claim('111111')));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 422)).toHaveLength(4); // the 4 attempts left, no more
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
    // Even the right VIN is refused once today's attempts are used.
    const late = await claim('183294').expect(429);
    expect(late.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    const list = await ctx.http().get('/api/owner/vehicles').set(owner.auth).expect(200);
    expect(list.body.items).toEqual([]);
  });

  test('no matching archive: a prospect is created with the advisor as referrer', async () => {
    const dealership = await makeDealership();
    const advisor = await makeStaff('advisor', dealership._id);
    const owner = await loginOwner(ctx);
    const mobile = uniqueMobile();
    const res = await bind(owner, formatScene(dealership.code, advisor.advisorCode), mobile).expect(200);
    expect(res.body).toMatchObject({ matched: false, created: true });
    const prospect = await Customer.findById(res.body.binding.customerId).lean();
    expect(prospect).toMatchObject({ mobile, isProspect: true, source: 'wechat_binding' });
    expect(String(prospect!.referrerAdvisorId)).toBe(advisor.id);
  });

  test('an owner binds to two dealerships and unbinds one; claims there go with it', async () => {
    const a = await setupDealer();
    const b = await makeDealership('第二家店');
    const owner = await loginOwner(ctx);
    await bind(owner, formatScene(a.dealership.code), a.mobile).expect(200);
    await bind(owner, formatScene(b.code), a.mobile).expect(200);
    await ctx
      .http()
      .post('/api/owner/vehicles/claim')
      .set(owner.auth)
      .send({ dealershipId: String(a.dealership._id), plate: '粤A12345', vinLast6: '183294' })
      .expect(200);
    expect((await ctx.http().get('/api/owner/bindings').set(owner.auth)).body.items).toHaveLength(2);

    await ctx.http().delete(`/api/owner/bindings/${a.dealership._id}`).set(owner.auth).expect(204);
    const left = await ctx.http().get('/api/owner/bindings').set(owner.auth).expect(200);
    expect(left.body.items.map((x: { dealership: { name: string } }) => x.dealership.name)).toEqual([
      '第二家店'
    ]);
    expect((await ctx.http().get('/api/owner/vehicles').set(owner.auth)).body.items).toEqual([]);
    expect((await Customer.findById(a.customer._id).lean())!.ownerId).toBeNull();
    expect(await BindingEvent.countDocuments({ customerId: a.customer._id, type: 'unbind' })).toBe(1);
    await ctx.http().delete(`/api/owner/bindings/${a.dealership._id}`).set(owner.auth).expect(404);
  });

  test("owner A cannot see owner B's vehicle, and staff tokens cannot use owner routes", async () => {
    const { dealership, mobile, vehicle } = await setupDealer();
    const ownerA = await loginOwner(ctx);
    await bind(ownerA, formatScene(dealership.code), mobile).expect(200);
    await ctx
      .http()
      .post('/api/owner/vehicles/claim')
      .set(ownerA.auth)
      .send({ dealershipId: String(dealership._id), plate: '粤A12345', vinLast6: '183294' })
      .expect(200);

    const ownerB = await loginOwner(ctx);
    const res = await ctx.http().get(`/api/owner/vehicles/${vehicle._id}`).set(ownerB.auth).expect(404);
    expect(res.body.error.code).toBe('VEHICLE_NOT_FOUND');
    // B has no binding there: claiming is refused before any VIN check.
    const claim = await ctx
      .http()
      .post('/api/owner/vehicles/claim')
      .set(ownerB.auth)
      .send({ dealershipId: String(dealership._id), plate: '粤A12345', vinLast6: '183294' })
      .expect(403);
    expect(claim.body.error.code).toBe('NOT_BOUND');
    // B binding with the same phone number meets an archive bound to A.
    const conflict = await bind(ownerB, formatScene(dealership.code), mobile).expect(409);
    expect(conflict.body.error.code).toBe('ARCHIVE_BOUND_ELSEWHERE');

    const manager = await makeStaff('manager', dealership._id);
    await ctx.http().get('/api/owner/vehicles').set(manager.auth).expect(403);
    await ctx.http().get('/api/owner/vehicles').expect(401);
  });

  test('bad scenes and bad bodies are refused without writing anything', async () => {
    const owner = await loginOwner(ctx);
    const before = await Customer.countDocuments();
    const bad = [
      { scene: 'd=NOPE99', phoneCode: 'x' },
      { scene: 'not a scene', phoneCode: 'x' },
      { scene: { $gt: '' }, phoneCode: 'x' },
      { scene: 'd=AB', phoneCode: 'x', extra: 1 }
    ];
    const statuses = [];
    for (const body of bad)
      statuses.push((await ctx.http().post('/api/owner/bindings').set(owner.auth).send(body)).status);
    expect(statuses).toEqual([404, 400, 400, 400]);
    expect(await Customer.countDocuments()).toBe(before);
  });
});
