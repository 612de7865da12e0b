import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs/runner';
import { RewardClaim } from '../../server/src/modules/points/reward.model';
import { Voucher, VoucherUse } from '../../server/src/modules/points/voucher.model';
import { expectLedgerConsistent } from './points-support';
import { buyer, orderOf, payStore, placeOrder, until } from './pay-support';

/** An order's life after the payment page: closed on timeout, reconciled, refunded. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ PAY_ORDER_TIMEOUT_MIN: '30' }, { pay: { mode: 'public-key' } });
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const pay = () => ctx.sandbox.state.pay!;
const claimsOf = (orderId: string) =>
  RewardClaim.countDocuments({ redemptionId: new Types.ObjectId(orderId) });
const runJob = (name: string) => runJobNow(name, { deps: ctx.deps });

async function paidOrder(points = 0) {
  const store = await payStore(ctx, { price: { points, cashFen: 129_900 } });
  const owner = await buyer(ctx, store.dealership._id, points > 0 ? points + 100 : 0);
  const { order } = await placeOrder(ctx, owner.auth, store.item.id);
  pay().complete(order.outTradeNo);
  const fulfilled = await until(
    () => orderOf(order.id),
    (o) => o?.state === 'fulfilled'
  );
  return { ...store, owner, order, voucherCode: fulfilled!.voucherCode! };
}

test('an unpaid order closes after PAY_ORDER_TIMEOUT_MIN: closed at WeChat, stock and reserved points given back once', async () => {
  const store = await payStore(ctx, { price: { points: 300, cashFen: 5_000 }, stock: 1 });
  const owner = await buyer(ctx, store.dealership._id, 500);
  const { order } = await placeOrder(ctx, owner.auth, store.item.id);
  expect(await expectLedgerConsistent(owner.ref)).toBe(200);
  await runJob('pay-close'); // not yet due
  expect(await orderOf(order.id)).toMatchObject({ state: 'pending' });
  clock.set(() => new Date(Date.now() + 31 * 60_000));
  await runJob('pay-close');
  await runJob('pay-close'); // a second run gives nothing back twice
  expect(await orderOf(order.id)).toMatchObject({ state: 'closed', closeReason: 'timeout' });
  expect(
    pay()
      .transactions()
      .find((t) => t.outTradeNo === order.outTradeNo)?.state
  ).toBe('CLOSED');
  expect(await expectLedgerConsistent(owner.ref)).toBe(500);
  expect(await claimsOf(order.id)).toBe(0);
  // The unit is free again: someone else can buy the last one.
  clock.set(null);
  const next = await buyer(ctx, store.dealership._id, 500);
  await placeOrder(ctx, next.auth, store.item.id);
  // The closed order cannot be paid any more.
  const again = await ctx.http().post(`/api/pay/orders/${order.id}/payment`).set(owner.auth).expect(409);
  expect(again.body.error.code).toBe('PAY_ORDER_NOT_PENDING');
});

test('reconciliation finds a paid order whose notification was lost and fulfils it once', async () => {
  const store = await payStore(ctx);
  const owner = await buyer(ctx, store.dealership._id);
  const { order } = await placeOrder(ctx, owner.auth, store.item.id);
  pay().loseNotifications(order.outTradeNo);
  clock.set(() => new Date(Date.now() + 3 * 60_000));
  const first = await runJob('pay-reconcile');
  // Other tests' pending orders are queried too; only this one is paid.
  expect(first.counts.fulfilled).toBe(1);
  expect(first.counts.queried).toBeGreaterThanOrEqual(1);
  const second = await runJob('pay-reconcile');
  expect(second.counts.fulfilled ?? 0).toBe(0);
  expect(await orderOf(order.id)).toMatchObject({ state: 'fulfilled', paidVia: 'query' });
  expect(await Voucher.countDocuments({ redemptionId: new Types.ObjectId(order.id) })).toBe(1);
  const view = await ctx.http().get('/api/pay/admin/reconciliation').set(store.manager.auth).expect(200);
  expect(view.body.anomalies).toEqual([
    expect.objectContaining({
      kind: 'paid_without_notification',
      outTradeNo: order.outTradeNo,
      orderId: order.id
    })
  ]);
  expect(view.body.lastRun).toMatchObject({ fulfilled: 0 }); // the last run found nothing left to do
});

test('refund: the owner asks, the manager refunds, the refund notification reverses the voucher and gives points and stock back once', async () => {
  const { owner, order, manager, voucherCode } = await paidOrder(200);
  expect(await expectLedgerConsistent(owner.ref)).toBe(100);
  const asked = await ctx
    .http()
    .post(`/api/pay/orders/${order.id}/refund-request`)
    .set(owner.auth)
    .send({ reason: '行程有变，用不上了' })
    .expect(200);
  expect(asked.body.refundRequest).toMatchObject({ reason: '行程有变，用不上了' });
  const listed = await ctx.http().get('/api/pay/admin/orders?state=fulfilled').set(manager.auth).expect(200);
  expect(listed.body.items[0]).toMatchObject({
    id: order.id,
    refundRequest: { reason: '行程有变，用不上了' }
  });
  const refunding = await ctx
    .http()
    .post(`/api/pay/admin/orders/${order.id}/refund`)
    .set(manager.auth)
    .send({ reason: '车主申请退款' })
    .expect(200);
  expect(refunding.body.state).toBe('refunding');
  // While the money goes back, the desk cannot use the voucher.
  const desk = await ctx
    .http()
    .post(`/api/points/vouchers/${voucherCode}/uses`)
    .set(manager.auth)
    .send({ useNumber: 1 });
  expect(desk.status).toBeGreaterThanOrEqual(400);
  const refunded = await until(
    () => orderOf(order.id),
    (o) => o?.state === 'refunded'
  );
  expect(refunded!.refundedAt).toBeTruthy();
  await pay().idle();
  const notices = pay().notifications({ outRefundNo: `R${order.id}` });
  expect(notices.map((n) => n.status)).toEqual(['acknowledged']);
  expect((await Voucher.findOne({ code: voucherCode }).lean())!.reversedAt).toBeTruthy();
  expect(await expectLedgerConsistent(owner.ref)).toBe(300);
  expect(await claimsOf(order.id)).toBe(0);
  // Repeating the sweeps gives nothing back twice.
  await runJob('pay-reconcile');
  expect(await expectLedgerConsistent(owner.ref)).toBe(300);
  const again = await ctx
    .http()
    .post(`/api/pay/admin/orders/${order.id}/refund`)
    .set(manager.auth)
    .send({ reason: '再退一次' });
  expect(again.status).toBe(409);
});

test('a used item cannot be refunded; a refund WeChat closes gives the voucher back', async () => {
  const used = await paidOrder();
  await ctx
    .http()
    .post(`/api/points/vouchers/${used.voucherCode}/uses`)
    .set(used.manager.auth)
    .send({ useNumber: 1 })
    .expect(200);
  const ask = await ctx
    .http()
    .post(`/api/pay/orders/${used.order.id}/refund-request`)
    .set(used.owner.auth)
    .send({ reason: '不想要了' });
  expect(ask.status).toBe(409);
  expect(ask.body.error.code).toBe('VOUCHER_ALREADY_USED');
  const refuse = await ctx
    .http()
    .post(`/api/pay/admin/orders/${used.order.id}/refund`)
    .set(used.manager.auth)
    .send({ reason: '不想要了' });
  expect(refuse.status).toBe(409);
  expect(await orderOf(used.order.id)).toMatchObject({ state: 'fulfilled' });

  const closed = await paidOrder();
  pay().refundOutcome(`R${closed.order.id}`, 'CLOSED');
  await ctx
    .http()
    .post(`/api/pay/admin/orders/${closed.order.id}/refund`)
    .set(closed.manager.auth)
    .send({ reason: '测试关闭' })
    .expect(200);
  await until(
    () => orderOf(closed.order.id),
    (o) => o?.state === 'refund_failed'
  );
  const voucher = await Voucher.findOne({ code: closed.voucherCode }).lean();
  expect(voucher!.reversedAt).toBeNull();
  expect(await VoucherUse.countDocuments({ voucherId: voucher!._id })).toBe(0);
});

test('another store’s manager cannot refund or see the order', async () => {
  const { order } = await paidOrder();
  const other = await payStore(ctx);
  await ctx
    .http()
    .post(`/api/pay/admin/orders/${order.id}/refund`)
    .set(other.manager.auth)
    .send({ reason: '越权退款' })
    .expect(404);
  const list = await ctx.http().get('/api/pay/admin/orders').set(other.manager.auth).expect(200);
  expect(list.body.items.map((o: { id: string }) => o.id)).not.toContain(order.id);
});
