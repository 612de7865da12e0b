import { createVerify } from 'node:crypto';
import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { RewardClaim } from '../../server/src/modules/points/reward.model';
import { expectLedgerConsistent } from './points-support';
import { buyer, orderOf, payStore, placeOrder, until } from './pay-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { pay: { mode: 'certificate' } });
});
afterAll(() => ctx.close());

test('an owner buys the ¥1,299 package: requestPayment parameters signed by the merchant key, paid once at the sandbox, one voucher of 4 uses', async () => {
  const { dealership, item } = await payStore(ctx);
  const owner = await buyer(ctx, dealership._id);
  const { order, payment } = await placeOrder(ctx, owner.auth, item.id);
  expect(order).toMatchObject({ state: 'pending', amountFen: 129_900, points: 0, voucher: null });
  expect(order.outTradeNo).toMatch(/^P[0-9a-f]{24}$/);
  // paySign = RSA-SHA256 of appId\ntimeStamp\nnonceStr\npackage\n with the merchant key.
  expect(payment.package).toMatch(/^prepay_id=/);
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${payment.appId}\n${payment.timeStamp}\n${payment.nonceStr}\n${payment.package}\n`);
  expect(verifier.verify(ctx.payKeys!.merchantCertPem, payment.paySign, 'base64')).toBe(true);

  ctx.sandbox.state.pay!.complete(order.outTradeNo);
  const paid = await until(
    () => orderOf(order.id),
    (o) => o?.state === 'fulfilled'
  );
  expect(paid).toMatchObject({ paidVia: 'notification' });
  const vouchers = await Voucher.find({ redemptionId: new Types.ObjectId(order.id) }).lean();
  expect(vouchers).toHaveLength(1);
  expect(vouchers[0]).toMatchObject({ usesTotal: 4, itemName: '4 次定保' });

  const mine = await ctx.http().get(`/api/pay/orders/${order.id}`).set(owner.auth).expect(200);
  expect(mine.body).toMatchObject({ state: 'fulfilled', voucher: { code: vouchers[0]!.code } });
  const list = await ctx.http().get('/api/pay/orders').set(owner.auth).expect(200);
  expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
});

test('points + cash: the points are reserved at order time and stay spent once paid', async () => {
  const { dealership, item } = await payStore(ctx, { price: { points: 500, cashFen: 9_900 } });
  const owner = await buyer(ctx, dealership._id, 800);
  const { order } = await placeOrder(ctx, owner.auth, item.id);
  expect(await expectLedgerConsistent(owner.ref)).toBe(300);
  ctx.sandbox.state.pay!.complete(order.outTradeNo);
  await until(
    () => orderOf(order.id),
    (o) => o?.state === 'fulfilled'
  );
  expect(await expectLedgerConsistent(owner.ref)).toBe(300);
  expect(await RewardClaim.countDocuments({ redemptionId: new Types.ObjectId(order.id) })).toBe(2);
});

test('refusals: a points-only item, too few points, another owner’s order — 4xx and nothing held', async () => {
  const { dealership, manager, item } = await payStore(ctx, { price: { points: 500, cashFen: 100 } });
  const pointsOnly = await payStore(ctx, { price: { points: 10, cashFen: 0 } });
  const poor = await buyer(ctx, dealership._id, 100);
  const res = await ctx.http().post('/api/pay/orders').set(poor.auth).send({ itemId: item.id }).expect(422);
  expect(res.body.error.code).toBe('INSUFFICIENT_POINTS');
  expect(await RewardClaim.countDocuments({ group: `${item.id}:unit` })).toBe(0);
  const other = await buyer(ctx, pointsOnly.dealership._id, 100);
  const cashless = await ctx
    .http()
    .post('/api/pay/orders')
    .set(other.auth)
    .send({ itemId: pointsOnly.item.id });
  expect(cashless.status).toBe(422);
  expect(cashless.body.error.code).toBe('NO_CASH_PRICE');
  const rich = await buyer(ctx, dealership._id, 1000);
  const { order } = await placeOrder(ctx, rich.auth, item.id);
  await ctx.http().get(`/api/pay/orders/${order.id}`).set(poor.auth).expect(404);
  await ctx.http().get(`/api/pay/orders/${order.id}`).set(manager.auth).expect(403);
  // Points refused by the points shop: it is bought through WeChat Pay.
  const viaPoints = await ctx.http().post(`/api/points/shop/items/${item.id}/redeem`).set(rich.auth);
  expect(viaPoints.status).toBe(422);
  expect(viaPoints.body.error.code).toBe('CASH_PAYMENT_UNAVAILABLE');
});
