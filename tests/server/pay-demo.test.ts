import { startTestApp, type TestContext } from '../support/harness';
import { buyer, orderOf, payStore, placeOrder, until } from './pay-support';

/** Demo mode: the H5 app's 模拟支付 asks the sandbox to complete the payment; the notification does the rest. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ DEMO_MODE: 'true' }, { pay: { mode: 'public-key' } });
});
afterAll(() => ctx.close());

test('模拟支付: the order is paid at the sandbox, notified, and fulfilled with its voucher', async () => {
  const { dealership, item } = await payStore(ctx);
  const owner = await buyer(ctx, dealership._id);
  const created = await placeOrder(ctx, owner.auth, item.id);
  expect(created.demo).toBe(true);
  await ctx.http().post(`/api/pay/orders/${created.order.id}/demo-pay`).set(owner.auth).expect(200);
  await until(
    () => orderOf(created.order.id),
    (o) => o?.state === 'fulfilled'
  );
  const again = await ctx
    .http()
    .post(`/api/pay/orders/${created.order.id}/demo-pay`)
    .set(owner.auth)
    .expect(409);
  expect(again.body.error.code).toBe('PAY_ORDER_NOT_PENDING');
  const view = await ctx.http().get(`/api/pay/orders/${created.order.id}`).set(owner.auth).expect(200);
  expect(view.body.voucher.code).toMatch(/^[0-9A-Z]{10}$/);
});
