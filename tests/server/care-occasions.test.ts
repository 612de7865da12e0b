import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { dispatchesWithStatus } from '../../server/src/modules/care/care-dispatch.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, makeVehicle } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer, onlyRules, shanghai } from '../support/care-fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const run = (date: string, dealershipId: Types.ObjectId) => {
  clock.set(() => shanghai(date, '10:00'));
  return runJobNow('care-daily', { deps: ctx.deps, date, options: { dealership: String(dealershipId) } });
};

describe('festivals', () => {
  test('春节, 端午 and 中秋 greet on their 2025, 2026 and 2027 dates, and not the day before', async () => {
    const dealership = await makeDealership('节日门店');
    await onlyRules(
      dealership._id,
      'festival:spring_festival',
      'festival:dragon_boat',
      'festival:mid_autumn'
    );
    const c = await makeBoundCustomer(ctx, dealership._id, { name: '李四' }, {});
    const festivals: Array<[string, string]> = [
      ['2025-01-29', '春节'],
      ['2025-05-31', '端午节'],
      ['2025-10-06', '中秋节'],
      ['2026-02-17', '春节'],
      ['2026-06-19', '端午节'],
      ['2026-09-25', '中秋节'],
      ['2027-02-06', '春节'],
      ['2027-06-09', '端午节'],
      ['2027-09-15', '中秋节']
    ];
    for (let i = 0; i < festivals.length; i++) {
      ctx.sandbox.state.grantSubscription(c.openid, ['TPL_FESTIVAL']);
      await ctx
        .http()
        .post('/api/owner/subscriptions')
        .set(c.auth)
        .send({ results: { TPL_FESTIVAL: 'accept' } })
        .expect(200);
    }
    for (const [date] of festivals) {
      const eve = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await run(eve, dealership._id);
      await run(date, dealership._id);
    }
    const sent = await dispatchesWithStatus({ dealershipId: dealership._id });
    expect(sent.map((d) => [d.occasionDate, d.status])).toEqual(festivals.map(([date]) => [date, 'sent']));
    const messages = ctx.sandbox.state.messages({ touser: c.openid });
    expect(messages.map((m) => [m.data.date2.value, m.data.thing1.value])).toEqual(
      festivals.map(([date, name]) => [
        `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8))}日`,
        `${name}快乐`
      ])
    );
    expect(messages[0].data.thing3.value).toBe('节日门店恭祝您和家人春节快乐');
  });
});

describe('purchase anniversaries', () => {
  test('greeted on the delivery day in later years with the years; 29 February on 28 February', async () => {
    const dealership = await makeDealership('周年门店');
    await onlyRules(dealership._id, 'purchase_anniversary');
    const two = await makeBoundCustomer(ctx, dealership._id, {}, { accept: ['TPL_CARE'] });
    await makeVehicle({ _id: two.customerId, dealershipId: dealership._id }, { deliveryDate: '2023-05-20' });
    const leap = await makeBoundCustomer(ctx, dealership._id, {}, { accept: ['TPL_CARE'] });
    await makeVehicle({ _id: leap.customerId, dealershipId: dealership._id }, { deliveryDate: '2024-02-29' });
    const fresh = await makeBoundCustomer(ctx, dealership._id, {}, { accept: ['TPL_CARE'] });
    await makeVehicle(
      { _id: fresh.customerId, dealershipId: dealership._id },
      { deliveryDate: '2025-05-20' }
    );

    await run('2025-05-20', dealership._id);
    await run('2025-02-28', dealership._id);
    expect(ctx.sandbox.state.messages({ touser: two.openid }).map((m) => m.data.thing1.value)).toEqual([
      '购车2周年纪念'
    ]);
    expect(ctx.sandbox.state.messages({ touser: leap.openid }).map((m) => m.data.date2.value)).toEqual([
      '2025年2月28日'
    ]);
    expect(ctx.sandbox.state.messages({ touser: fresh.openid })).toHaveLength(0);
  });
});

describe('audience', () => {
  test('a saved segment narrows a rule to its customers', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    await onlyRules(dealership._id);
    const segment = await ctx
      .http()
      .post('/api/segments')
      .set(manager.auth)
      .send({ name: '车友会', filter: { tags: ['车友会'] } })
      .expect(201);
    const rule = {
      name: '车友会生日',
      occasion: 'birthday',
      audience: { tiers: [], includeUntiered: true, segmentId: segment.body.id, consentRequired: true },
      channel: { kind: 'inbox' },
      message: { title: '生日快乐', body: '{name}，车友会祝您生日快乐' }
    };
    await ctx.http().post('/api/care/rules').set(manager.auth).send(rule).expect(201);
    const birthday = { calendar: 'solar', date: '1992-11-11' };
    const member = await makeBoundCustomer(ctx, dealership._id, { name: '会员', tags: ['车友会'], birthday });
    const other = await makeBoundCustomer(ctx, dealership._id, { name: '路人', tags: [], birthday });
    await run('2025-11-11', dealership._id);
    expect(
      (await ctx.http().get('/api/owner/notices').set(member.auth).expect(200)).body.items.map(
        (n: { body: string }) => n.body
      )
    ).toEqual(['会员，车友会祝您生日快乐']);
    expect((await ctx.http().get('/api/owner/notices').set(other.auth).expect(200)).body.total).toBe(0);
    expect(
      (await dispatchesWithStatus({ dealershipId: dealership._id })).map((d) => [
        d.customerName,
        d.status,
        d.reason
      ])
    ).toEqual([['会员', 'inbox_only', 'inbox_channel']]);
  });
});

describe('occasion keys', () => {
  test('kept in step with edits through the API, and backfilled for archives written around mongoose', async () => {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    const c = await makeCustomer(dealership._id, { birthday: { calendar: 'solar', date: '1990-03-15' } });
    expect((await Customer.findById(c._id).lean())!.birthdayKey).toBe('S:03-15');
    await ctx
      .http()
      .patch(`/api/customers/${c._id}`)
      .set(manager.auth)
      .send({ birthday: { calendar: 'lunar', lunarMonth: 4, lunarDay: 8, lunarLeapMonth: true } })
      .expect(200);
    expect((await Customer.findById(c._id).lean())!.birthdayKey).toBe('L:04-08+');
    await Customer.updateOne({ _id: c._id }, { $set: { birthday: null } });
    expect((await Customer.findById(c._id).lean())!.birthdayKey).toBe('none');

    // Written by a raw driver insert: no keys yet.
    const raw = new Types.ObjectId();
    await Customer.collection.insertOne({
      _id: raw,
      dealershipId: dealership._id,
      name: '导入',
      mobileKey: `none:${raw}`,
      source: 'dms_import',
      birthday: { calendar: 'solar', date: '1980-07-01' },
      createdAt: new Date(),
      updatedAt: new Date()
    });
    const car = new Types.ObjectId();
    await Vehicle.collection.insertOne({
      _id: car,
      dealershipId: dealership._id,
      customerId: raw,
      identityKey: `PLATE:${car}`,
      deliveryDate: '2020-07-01',
      createdAt: new Date(),
      updatedAt: new Date()
    });
    await onlyRules(dealership._id, 'birthday');
    await CareRule.updateOne(
      { dealershipId: dealership._id, seedKey: 'default:birthday' },
      { $set: { channel: { kind: 'inbox' } } }
    );
    await run('2025-07-01', dealership._id);
    expect((await Customer.findById(raw).lean())!.birthdayKey).toBe('S:07-01');
    expect((await Vehicle.findById(car).lean())!.anniversaryKey).toBe('07-01');
    expect(
      (await dispatchesWithStatus({ dealershipId: dealership._id })).map((d) => [
        d.customerName,
        d.status,
        d.reason
      ])
    ).toEqual([['导入', 'skipped', 'no_binding']]);
  });
});
