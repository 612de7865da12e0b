import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff } from '../support/factories';
import { DEFAULT_POINTS_RULES } from '@dealer/shared';
import { creditRepairOrders } from '../../server/src/modules/points/points-earning.service';
import { entriesOf, expectLedgerConsistent, makeMember } from './points-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

async function store() {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id, '王经理');
  const secondManager = await makeStaff('manager', dealership._id, '李经理');
  const member = await makeMember(ctx, dealership._id, {}, 500);
  return { dealership, manager, secondManager, member };
}

const adjust = (auth: Record<string, string>, body: Record<string, unknown>) =>
  ctx.http().post('/api/points/adjustments').set(auth).send(body);
const decide = (auth: Record<string, string>, id: string, decision: 'approve' | 'reject') =>
  ctx.http().post(`/api/points/adjustments/${id}/decision`).set(auth).send({ decision });

test('an adjustment within the threshold applies at once, with its reason and who made it', async () => {
  const { manager, member } = await store();
  const res = await adjust(manager.auth, {
    customerId: member.ref.accountId,
    direction: 'debit',
    points: 120,
    reason: '重复入账冲正'
  }).expect(201);
  expect(res.body).toMatchObject({ status: 'applied', points: -120, requestedBy: { name: '王经理' } });
  const last = (await entriesOf(member.ref.accountId)).at(-1);
  expect(last).toMatchObject({
    kind: 'adjust',
    delta: -120,
    reason: '人工调整：重复入账冲正',
    byName: '王经理'
  });
  expect(await expectLedgerConsistent(member.ref)).toBe(380);
});

test('above the threshold: waits for a second manager, never the requester; two approvers at once apply it once', async () => {
  const { manager, secondManager, member, dealership } = await store();
  const res = await adjust(manager.auth, {
    customerId: member.ref.accountId,
    direction: 'credit',
    points: 5000,
    reason: '重大投诉补偿'
  }).expect(201);
  expect(res.body).toMatchObject({ status: 'pending', decidedBy: null, customerName: '测试客户' });
  expect(await expectLedgerConsistent(member.ref)).toBe(500);

  const self = await decide(manager.auth, res.body.id, 'approve').expect(403);
  expect(self.body.error.code).toBe('SELF_APPROVAL');
  const admin = await makeStaff('group_admin', null, '集团管理员');
  const [a, b] = await Promise.all([
    decide(secondManager.auth, res.body.id, 'approve'),
    decide(admin.auth, res.body.id, 'approve')
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 409]);
  expect(await expectLedgerConsistent(member.ref)).toBe(5500);
  const pending = await ctx
    .http()
    .get('/api/points/adjustments')
    .query({ status: 'pending' })
    .set(manager.auth)
    .expect(200);
  expect(pending.body.total).toBe(0);
  const all = await ctx
    .http()
    .get('/api/points/adjustments')
    .query({ dealershipId: String(dealership._id) })
    .set(admin.auth)
    .expect(200);
  expect(all.body.items[0]).toMatchObject({ status: 'applied', requestedBy: { name: '王经理' } });
});

test('a rejected adjustment changes nothing; an approved debit beyond the balance is refused and stays pending', async () => {
  const { manager, secondManager, member } = await store();
  const big = await adjust(manager.auth, {
    customerId: member.ref.accountId,
    direction: 'credit',
    points: 2000,
    reason: '活动补发'
  }).expect(201);
  await decide(secondManager.auth, big.body.id, 'reject').expect(200);
  const debit = await adjust(manager.auth, {
    customerId: member.ref.accountId,
    direction: 'debit',
    points: 1500,
    reason: '误发积分收回'
  }).expect(201);
  const refused = await decide(secondManager.auth, debit.body.id, 'approve').expect(422);
  expect(refused.body.error.code).toBe('INSUFFICIENT_POINTS');
  expect(await expectLedgerConsistent(member.ref)).toBe(500);
  const still = await ctx
    .http()
    .get('/api/points/adjustments')
    .query({ status: 'pending' })
    .set(manager.auth)
    .expect(200);
  expect(still.body.items.map((i: { id: string }) => i.id)).toEqual([debit.body.id]);
});

test('bad adjustments are 400 and change nothing; advisors may not adjust; another dealership’s customer is 404', async () => {
  const { manager, member, dealership } = await store();
  const customerId = member.ref.accountId;
  const bad = [
    { customerId, direction: 'credit', points: -5, reason: '负数' },
    { customerId, direction: 'credit', points: 2.5, reason: '小数' },
    { customerId, direction: 'credit', points: 0, reason: '为零' },
    { customerId, direction: 'credit', points: 10 },
    { customerId, direction: 'credit', points: 10, reason: ' ' },
    { customerId, direction: 'sideways', points: 10, reason: '方向错误' },
    { customerId: 'not-an-id', direction: 'credit', points: 10, reason: '编号错误' },
    { customerId, direction: 'credit', points: '10', reason: '字符串' }
  ];
  for (const body of bad) {
    const res = await adjust(manager.auth, body);
    expect({ body, status: res.status }).toEqual({ body, status: 400 });
  }
  const advisor = await makeStaff('advisor', dealership._id);
  await adjust(advisor.auth, { customerId, direction: 'credit', points: 10, reason: '顾问调整' }).expect(403);
  const otherStore = await makeDealership();
  const stranger = await makeCustomer(otherStore._id);
  await adjust(manager.auth, {
    customerId: String(stranger._id),
    direction: 'credit',
    points: 10,
    reason: '跨店'
  }).expect(404);
  expect(await entriesOf(customerId)).toHaveLength(1);
});

test('rules: defaults, a manager changes them (tier multiplier, value per point), bad rules are 400; liability follows', async () => {
  const { manager, dealership } = await store();
  const got = await ctx.http().get('/api/points/rules').set(manager.auth).expect(200);
  expect(got.body).toEqual({ dealershipId: String(dealership._id), ...DEFAULT_POINTS_RULES });
  const rules = { ...DEFAULT_POINTS_RULES, tierMultipliers: { A: 3, B: 2, C: 1, D: 1 }, valuePerPointFen: 2 };
  await ctx.http().put('/api/points/rules').set(manager.auth).send(rules).expect(200);
  for (const broken of [
    { ...rules, pointsPerYuan: -1 },
    { ...rules, tierMultipliers: { A: 3 } },
    { ...rules, approvalThreshold: 1.5 }
  ]) {
    await ctx.http().put('/api/points/rules').set(manager.auth).send(broken).expect(400);
  }
  const customer = await makeCustomer(dealership._id, { tier: 'A' });
  await creditRepairOrders(String(dealership._id), [
    { roNumber: 'RO-R1', customerId: customer._id, amountFen: 12_345, paid: true, payer: null }
  ]);
  expect((await entriesOf(String(customer._id)))[0].delta).toBe(369); // 123 whole yuan × 3
  const liability = await ctx.http().get('/api/points/liability').set(manager.auth).expect(200);
  expect(liability.body).toMatchObject({
    accounts: 2,
    outstandingPoints: 869,
    valuePerPointFen: 2,
    liabilityFen: 1738
  });
  const account = await ctx
    .http()
    .get(`/api/points/customers/${String(customer._id)}`)
    .set(manager.auth)
    .expect(200);
  expect(account.body.account).toMatchObject({ balance: 369 });
  expect(account.body.recent[0]).toMatchObject({ source: 'repair_order', points: 369 });
});
