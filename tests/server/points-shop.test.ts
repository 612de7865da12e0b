import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { RewardClaim } from '../../server/src/modules/points/reward.model';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { entriesOf, expectLedgerConsistent, makeMember, makeReward } from './points-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

async function store() {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  return { dealership, manager };
}

const redeem = (auth: Record<string, string>, itemId: string) =>
  ctx.http().post(`/api/points/shop/items/${itemId}/redeem`).set(auth);

test('stock 5 and 100 owners redeeming at the same moment: 5 vouchers, 95 told it is sold out, points taken 5 times', async () => {
  const { dealership, manager } = await store();
  const item = await makeReward(ctx, manager, { stock: 5 });
  const members = [];
  for (let i = 0; i < 100; i++) members.push(await makeMember(ctx, dealership._id, {}, 150));
  const answers = await Promise.all(members.map((m) => redeem(m.auth, item.id)));
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(5);
  expect(statuses.filter((s) => s === 409)).toHaveLength(95);
  for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.code).toBe('OUT_OF_STOCK');
  expect(await Voucher.countDocuments({ itemId: item.id })).toBe(5);
  const balances = await Promise.all(members.map((m) => expectLedgerConsistent(m.ref)));
  expect(balances.filter((b) => b === 50)).toHaveLength(5);
  expect(balances.filter((b) => b === 150)).toHaveLength(95);
  const catalog = await ctx.http().get('/api/points/items').set(manager.auth).expect(200);
  expect(catalog.body.items[0]).toMatchObject({ id: item.id, stock: 5, claimed: 5 });
}, 180_000);

test('per-owner limit under concurrency: 20 simultaneous redemptions by one owner with a limit of 2 give 2 vouchers', async () => {
  const { dealership, manager } = await store();
  const item = await makeReward(ctx, manager, { perOwnerLimit: 2, stock: 100 });
  const member = await makeMember(ctx, dealership._id, {}, 5000);
  const answers = await Promise.all(Array.from({ length: 20 }, () => redeem(member.auth, item.id)));
  expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
  for (const a of answers.filter((x) => x.status !== 201)) {
    expect(a.status).toBe(409);
    expect(a.body.error.code).toBe('REDEMPTION_LIMIT_REACHED');
  }
  expect(await expectLedgerConsistent(member.ref)).toBe(4800);
  const mine = await ctx.http().get('/api/points/me/vouchers').set(member.auth).expect(200);
  expect(mine.body.items).toHaveLength(2);
  expect(new Set(mine.body.items.map((v: { code: string }) => v.code)).size).toBe(2);
});

test('not enough points: 422, nothing spent, no stock or limit slot kept', async () => {
  const { dealership, manager } = await store();
  const item = await makeReward(ctx, manager, { stock: 1, perOwnerLimit: 1 });
  const poor = await makeMember(ctx, dealership._id, {}, 99);
  const res = await redeem(poor.auth, item.id).expect(422);
  expect(res.body.error.code).toBe('INSUFFICIENT_POINTS');
  expect(await RewardClaim.countDocuments({ group: `${item.id}:unit` })).toBe(0);
  expect(await RewardClaim.countDocuments({ group: `${item.id}:owner:${poor.ref.accountId}` })).toBe(0);
  expect(await entriesOf(poor.ref.accountId)).toHaveLength(1);
  // The unit is still there for someone who can pay.
  const rich = await makeMember(ctx, dealership._id, {}, 100);
  await redeem(rich.auth, item.id).expect(201);
});

test('cash prices are refused until WeChat Pay lands; tiers and sale windows are respected', async () => {
  const { dealership, manager } = await store();
  const member = await makeMember(ctx, dealership._id, { tier: 'C' }, 1000);
  const cash = await makeReward(ctx, manager, { name: '工时8折', price: { points: 50, cashFen: 9900 } });
  const res = await redeem(member.auth, cash.id).expect(422);
  expect(res.body.error).toMatchObject({ code: 'CASH_PAYMENT_UNAVAILABLE' });
  expect(res.body.error.message).toContain('微信支付');

  const forA = await makeReward(ctx, manager, { name: 'A 级专享', tiersAllowed: ['A'] });
  expect((await redeem(member.auth, forA.id).expect(403)).body.error.code).toBe('TIER_NOT_ALLOWED');
  const later = await makeReward(ctx, manager, {
    name: '下月上架',
    visibleFrom: '2099-01-01',
    visibleTo: null
  });
  expect((await redeem(member.auth, later.id).expect(422)).body.error.code).toBe('REWARD_NOT_ON_SALE');

  const shop = await ctx
    .http()
    .get('/api/points/shop')
    .query({ dealershipId: String(dealership._id) })
    .set(member.auth)
    .expect(200);
  expect(shop.body.items.map((i: { name: string }) => i.name)).toEqual(['工时8折']);
  expect(await expectLedgerConsistent(member.ref)).toBe(1000);
});

test('an owner not bound at the dealership sees neither its shop nor its rewards', async () => {
  const { manager } = await store();
  const item = await makeReward(ctx, manager);
  const other = await store();
  const stranger = await makeMember(ctx, other.dealership._id, {}, 1000);
  await ctx
    .http()
    .get('/api/points/shop')
    .query({ dealershipId: String(item.dealershipId) })
    .set(stranger.auth)
    .expect(404);
  await redeem(stranger.auth, item.id).expect(404);
  await ctx
    .http()
    .get('/api/points/me/history')
    .query({ dealershipId: String(item.dealershipId) })
    .set(stranger.auth)
    .expect(404);
});

test('bad catalog input is refused with 400 and creates nothing; stock never below what was redeemed', async () => {
  const { dealership, manager } = await store();
  const bad = [
    { price: { points: 10.5, cashFen: 0 } },
    { price: { points: -1, cashFen: 0 } },
    { price: { points: 0, cashFen: 0 } },
    { stock: -1 },
    { perOwnerLimit: 0 },
    { kind: 'lottery' },
    { visibleFrom: '2026-02-30' },
    { visibleFrom: '2026-05-01', visibleTo: '2026-04-01' },
    { tiersAllowed: ['E'] },
    { extra: true }
  ];
  for (const fields of bad) {
    const res = await ctx
      .http()
      .post('/api/points/items')
      .set(manager.auth)
      .send({ ...COUPON_FIELDS, ...fields });
    expect({ fields, status: res.status }).toEqual({ fields, status: 400 });
  }
  const advisor = await makeStaff('advisor', dealership._id);
  await ctx.http().post('/api/points/items').set(advisor.auth).send(COUPON_FIELDS).expect(403);
  const list = await ctx.http().get('/api/points/items').set(manager.auth).expect(200);
  expect(list.body.items).toHaveLength(0);

  const item = await makeReward(ctx, manager, { stock: 2 });
  const member = await makeMember(ctx, dealership._id, {}, 300);
  await redeem(member.auth, item.id).expect(201);
  await redeem(member.auth, item.id).expect(201);
  const lower = await ctx
    .http()
    .patch(`/api/points/items/${item.id}`)
    .set(manager.auth)
    .send({ stock: 1 })
    .expect(422);
  expect(lower.body.error.code).toBe('STOCK_BELOW_CLAIMED');
  const more = await ctx
    .http()
    .patch(`/api/points/items/${item.id}`)
    .set(manager.auth)
    .send({ stock: 3 })
    .expect(200);
  expect(more.body).toMatchObject({ stock: 3, claimed: 2 });
  await redeem(member.auth, item.id).expect(201);
});

const COUPON_FIELDS = {
  name: '免费洗车',
  description: '',
  kind: 'coupon',
  price: { points: 100, cashFen: 0 },
  stock: 5,
  perOwnerLimit: 1,
  uses: 1,
  validDays: 30,
  tiersAllowed: [],
  visibleFrom: null,
  visibleTo: null
};
