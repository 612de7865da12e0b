import { generateKeyPairSync } from 'node:crypto';
import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { PayTransition } from '../../server/src/modules/pay/pay-order.model';
import { makeStaff } from '../support/factories';
import {
  buyer,
  orderOf,
  paidTrade,
  payStore,
  placeOrder,
  postNotification,
  signedNotification,
  storedReceiptsOf,
  until
} from './pay-support';

/**
 * Notifications as WeChat sends them (from the sandbox, or made by hand with node crypto): each
 * answered as WeChat expects, and an order paid — and fulfilled — exactly once.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { pay: { mode: 'certificate' } });
});
afterAll(() => ctx.close());
afterEach(() => ctx.sandbox.state.pay!.setMode('certificate'));

const pay = () => ctx.sandbox.state.pay!;
const keys = () => ctx.payKeys!;

async function pendingOrder() {
  const { dealership, manager, item } = await payStore(ctx);
  const owner = await buyer(ctx, dealership._id);
  const { order } = await placeOrder(ctx, owner.auth, item.id);
  return { dealership, manager, owner, order };
}

const receiptsOf = (outTradeNo: string) => storedReceiptsOf([outTradeNo]).then((list) => list.length);
const vouchersOf = (orderId: string) => Voucher.countDocuments({ redemptionId: new Types.ObjectId(orderId) });

test.each(['certificate', 'public-key'] as const)(
  'a payment notified in %s mode is verified and fulfils the order once',
  async (mode) => {
    pay().setMode(mode);
    const { order } = await pendingOrder();
    pay().complete(order.outTradeNo);
    await until(
      () => orderOf(order.id),
      (o) => o?.state === 'fulfilled'
    );
    await pay().idle();
    const [sent] = pay().notifications({ outTradeNo: order.outTradeNo });
    expect(sent).toMatchObject({ status: 'acknowledged' });
    expect(sent!.attempts.at(-1)).toMatchObject({ status: 204 });
    expect(await vouchersOf(order.id)).toBe(1);
  }
);

test('refused with WeChat’s FAIL body and nothing changed: bad signature, stale timestamp, unknown serial, re-serialised body', async () => {
  const { order } = await pendingOrder();
  const trade = paidTrade(keys(), order.outTradeNo, order.amountFen);
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem'
  }) as string;
  const cases = [
    { what: 'bad signature', n: signedNotification(keys(), trade, { signWith: stranger }) },
    {
      what: 'stale timestamp',
      n: signedNotification(keys(), trade, { timestamp: Math.floor(Date.now() / 1000) - 301 })
    },
    {
      what: 'unknown serial',
      n: signedNotification(keys(), trade, { serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' })
    },
    {
      what: 'unknown public-key id',
      n: signedNotification(keys(), trade, { serial: 'PUB_KEY_ID_0114232134912410000000000000' })
    }
  ];
  const valid = signedNotification(keys(), trade);
  const reserialised = { ...valid, body: JSON.stringify(JSON.parse(valid.body), null, 1) };
  cases.push({ what: 're-serialised body', n: reserialised });
  for (const c of cases) {
    const res = await postNotification(ctx, c.n);
    expect({ what: c.what, status: res.status, body: res.body }).toEqual({
      what: c.what,
      status: 401,
      body: { code: 'FAIL', message: expect.any(String) }
    });
  }
  expect(await orderOf(order.id)).toMatchObject({ state: 'pending' });
  expect(await PayTransition.countDocuments({ orderId: new Types.ObjectId(order.id) })).toBe(0);
  expect(await receiptsOf(order.outTradeNo)).toBe(0);
  // The same notification, as signed: stored before the answer, then applied.
  await postNotification(ctx, valid).expect(204);
  expect(await receiptsOf(order.outTradeNo)).toBe(1);
  await until(
    () => orderOf(order.id),
    (o) => o?.state === 'fulfilled'
  );
  expect(await orderOf(order.id)).toMatchObject({ transactionId: trade.transaction_id });
});

test('WeChat’s signature probe is refused cleanly', async () => {
  const probe = await pay().probe(`${ctx.deps.config.PAY_NOTIFY_BASE}/api/pay/notifications`);
  expect(probe.status).toBe('refused');
  const answer = probe.attempts[0]!;
  expect(answer.status).toBe(401);
  expect(JSON.parse(answer.answer!)).toEqual({ code: 'FAIL', message: expect.any(String) });
});

test('a wrong amount or an unknown order (signed by WeChat, so stored) changes no order and shows in the reconciliation view', async () => {
  const { order, manager } = await pendingOrder();
  const wrong = signedNotification(keys(), paidTrade(keys(), order.outTradeNo, order.amountFen - 1));
  await postNotification(ctx, wrong).expect(204);
  await postNotification(ctx, wrong).expect(204); // a retry: still one anomaly
  const unknown = signedNotification(keys(), paidTrade(keys(), 'P000000000000000000000abc', 100));
  await postNotification(ctx, unknown).expect(204);
  const admin = await makeStaff('group_admin', null);
  const anomalies = () =>
    ctx
      .http()
      .get('/api/pay/admin/reconciliation')
      .set(admin.auth)
      .expect(200)
      .then((r) => r.body.anomalies as Array<{ kind: string; outTradeNo: string }>);
  const found = await until(anomalies, (list) => list.length >= 2);
  expect(await orderOf(order.id)).toMatchObject({ state: 'pending' });
  expect(await PayTransition.countDocuments({ orderId: new Types.ObjectId(order.id) })).toBe(0);
  const kinds = found.map((a) => `${a.kind}:${a.outTradeNo}`);
  expect(kinds.filter((k: string) => k === `amount_mismatch:${order.outTradeNo}`)).toHaveLength(1);
  expect(kinds).toContain('unknown_order:P000000000000000000000abc');
  // The store's manager sees its own mismatch, not the unknown order (no store to it).
  const mine = await ctx.http().get('/api/pay/admin/reconciliation').set(manager.auth).expect(200);
  expect(mine.body.anomalies.map((a: { kind: string }) => a.kind)).toEqual(['amount_mismatch']);
});

test('a mchid or appid of another merchant is refused', async () => {
  const { order } = await pendingOrder();
  const trade = { ...paidTrade(keys(), order.outTradeNo, order.amountFen), appid: 'wx-someone-else' };
  const res = await postNotification(ctx, signedNotification(keys(), trade)).expect(400);
  expect(res.body.code).toBe('FAIL');
  expect(await receiptsOf(order.outTradeNo)).toBe(0);
  expect(await orderOf(order.id)).toMatchObject({ state: 'pending' });
});

test('20 copies of the notification at once: each answered 204, one payment, one voucher', async () => {
  const { order } = await pendingOrder();
  pay().loseNotifications(order.outTradeNo); // paid, the first notification withheld
  const copies = await pay().duplicateNotification(order.outTradeNo, 20);
  expect(copies).toHaveLength(20);
  for (const c of copies) expect(c.attempts.at(-1)).toMatchObject({ status: 204 });
  expect(await receiptsOf(order.outTradeNo)).toBe(1);
  await until(
    () => orderOf(order.id),
    (o) => o?.state === 'fulfilled'
  );
  expect(await orderOf(order.id)).toMatchObject({ paidVia: 'notification' });
  expect(await vouchersOf(order.id)).toBe(1);
  expect(await PayTransition.find({ orderId: new Types.ObjectId(order.id) }).lean()).toHaveLength(2);
});
