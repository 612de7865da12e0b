import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { clock } from '../../server/src/lib/clock';
import { op } from '../../server/src/lib/query';
import { runJobNow } from '../../server/src/lib/jobs/runner';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { PayAnomaly, PayOrder, PayTransition } from '../../server/src/modules/pay/pay-order.model';
import { RewardItem } from '../../server/src/modules/points/reward.model';
import { encodeReceipt, PayReceiptBatch, receiptIdOf } from '../../server/src/modules/pay/pay-receipt.model';
import { startPayFulfilment } from '../../server/src/modules/pay/pay.jobs';
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
 * Payment notifications are answered 204 once their receipt is stored, and applied after: by the
 * in-process worker, or — when the process died between answering and applying — by the
 * pay-receipts job and the worker's start-up sweep; exactly once in every case.
 */
jest.setTimeout(120_000);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { pay: { mode: 'public-key' } });
});
afterAll(async () => {
  clock.set(null);
  await ctx.close();
});

const keys = () => ctx.payKeys!;
const EVENT = 'TRANSACTION.SUCCESS';

async function pendingOrders(n: number) {
  const { dealership, item } = await payStore(ctx, { stock: 100 });
  const orders = [];
  for (let i = 0; i < n; i++) {
    const owner = await buyer(ctx, dealership._id);
    orders.push((await placeOrder(ctx, owner.auth, item.id)).order);
  }
  return orders;
}

const notificationOf = (order: { outTradeNo: string; amountFen: number }, amountFen = order.amountFen) => {
  const trade = paidTrade(keys(), order.outTradeNo, amountFen);
  return { trade, n: signedNotification(keys(), trade, { serial: keys().publicKeyId }) };
};

const vouchersOf = (orderId: string) => Voucher.countDocuments({ redemptionId: new Types.ObjectId(orderId) });
const fulfilled = (orderId: string) =>
  until(
    () => orderOf(orderId),
    (o) => o?.state === 'fulfilled'
  );

const receiptOf = (order: { outTradeNo: string }, amountFen: number) => {
  const trade = paidTrade(keys(), order.outTradeNo, amountFen);
  return {
    id: receiptIdOf(EVENT, trade.out_trade_no, trade.transaction_id),
    outTradeNo: trade.out_trade_no,
    transactionId: trade.transaction_id,
    amountFen,
    successTime: trade.success_time
  };
};

/** A batch as the handler stores it, written without the worker (the process then killed). */
async function batchLeftBehind(...receipts: Array<ReturnType<typeof receiptOf>>) {
  const batch = await PayReceiptBatch.create({
    receivedAt: clock.now(),
    applied: false,
    receipts: receipts.map(encodeReceipt)
  });
  return batch._id;
}
const appliedOf = async (batchId: Types.ObjectId) =>
  (await PayReceiptBatch.findById(batchId).lean())?.applied;

test('204 only once the receipt is stored; a receipt the database refuses answers 503 and changes nothing', async () => {
  const [stored, refused] = await pendingOrders(2);
  const first = notificationOf(stored!);
  await postNotification(ctx, first.n).expect(204);
  // Read at once after the answer: the receipt is there.
  expect(await storedReceiptsOf([stored!.outTradeNo])).toEqual([
    expect.objectContaining({
      id: receiptIdOf(EVENT, stored!.outTradeNo, first.trade.transaction_id),
      outTradeNo: stored!.outTradeNo,
      amountFen: stored!.amountFen
    })
  ]);
  await fulfilled(stored!.id);

  // The database refuses the second order's batch: the business clock stands still and a unique
  // index on `receivedAt` collides with a document stored at that instant.
  const instant = new Date(Date.now() - 1_000);
  clock.set(() => instant);
  await PayReceiptBatch.collection.insertOne({ receivedAt: instant, applied: true, receipts: [] });
  await PayReceiptBatch.collection.createIndex({ receivedAt: 1 }, { unique: true, name: 'test_blocker' });
  const second = notificationOf(refused!);
  try {
    const res = await postNotification(ctx, second.n).expect(503);
    expect(res.body).toEqual({ code: 'FAIL', message: expect.any(String) });
  } finally {
    clock.set(null);
    await PayReceiptBatch.collection.dropIndex('test_blocker');
    await PayReceiptBatch.collection.deleteOne({ receivedAt: instant });
  }
  expect(await storedReceiptsOf([refused!.outTradeNo])).toEqual([]);
  await new Promise((r) => setTimeout(r, 300));
  expect(await orderOf(refused!.id)).toMatchObject({ state: 'pending' });
  expect(await PayTransition.countDocuments({ orderId: new Types.ObjectId(refused!.id) })).toBe(0);
  // WeChat sends it again: stored, answered, fulfilled once.
  await postNotification(ctx, second.n).expect(204);
  await fulfilled(refused!.id);
  expect(await vouchersOf(refused!.id)).toBe(1);
});

test('bad notifications still answer 4xx and store nothing', async () => {
  const [order] = await pendingOrders(1);
  const trade = paidTrade(keys(), order!.outTradeNo, order!.amountFen);
  const wrongKey = { ...keys(), apiV3Key: 'k'.repeat(32) };
  const undecryptable = signedNotification(wrongKey, trade, { serial: keys().publicKeyId });
  await postNotification(ctx, undecryptable).expect(400);
  const otherMerchant = signedNotification(
    keys(),
    { ...trade, mchid: '1900000000' },
    { serial: keys().publicKeyId }
  );
  await postNotification(ctx, otherMerchant).expect(400);
  const stale = signedNotification(keys(), trade, {
    serial: keys().publicKeyId,
    timestamp: Math.floor(Date.now() / 1000) - 400
  });
  await postNotification(ctx, stale).expect(401);
  expect(await storedReceiptsOf([order!.outTradeNo])).toEqual([]);
  expect(await orderOf(order!.id)).toMatchObject({ state: 'pending' });
});

test('a burst of copies of 12 payments at once: every copy 204, one receipt, one payment and one voucher per order', async () => {
  const orders = await pendingOrders(12);
  const notifications = orders.map((o) => notificationOf(o).n);
  const copies = [...notifications, ...notifications, ...notifications, ...notifications];
  const answers = await Promise.all(copies.map((n) => postNotification(ctx, n)));
  expect(answers.map((a) => a.status)).toEqual(copies.map(() => 204));
  const ids = orders.map((o) => new Types.ObjectId(o.id));
  await until(
    () => Promise.all(orders.map((o) => orderOf(o.id))),
    (list) => list.every((o) => o?.state === 'fulfilled')
  );
  // Copies answered together or after the first was stored: each payment stored once.
  const stored = await storedReceiptsOf(orders.map((o) => o.outTradeNo));
  expect(stored.map((r) => r.outTradeNo).sort()).toEqual(orders.map((o) => o.outTradeNo).sort());
  const perOrder = await Voucher.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { redemptionId: { $in: ids } } },
    { $group: { _id: '$redemptionId', n: { $sum: 1 } } }
  ]);
  expect(perOrder.map((r) => r.n)).toEqual(orders.map(() => 1));
  expect(await PayTransition.countDocuments({ orderId: op.in(ids) })).toBe(24);
});

test('a receipt stored and never applied (killed after answering) is applied by the pay-receipts job exactly once, even by two runs at once', async () => {
  const [order, mismatched] = await pendingOrders(2);
  const batchId = await batchLeftBehind(receiptOf(order!, order!.amountFen));
  const wrongId = await batchLeftBehind(receiptOf(mismatched!, mismatched!.amountFen + 1));
  // Fresh receipts are the in-process worker's: the job leaves them alone.
  const early = await runJobNow('pay-receipts', { deps: ctx.deps });
  expect(early.counts.applied ?? 0).toBe(0);
  expect(await orderOf(order!.id)).toMatchObject({ state: 'pending' });

  clock.set(() => new Date(Date.now() + 60_000));
  const runs = await Promise.all([
    runJobNow('pay-receipts', { deps: ctx.deps }),
    runJobNow('pay-receipts', { deps: ctx.deps })
  ]);
  expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  expect(await orderOf(order!.id)).toMatchObject({ state: 'fulfilled', paidVia: 'notification' });
  expect(await vouchersOf(order!.id)).toBe(1);
  expect(await PayTransition.countDocuments({ orderId: new Types.ObjectId(order!.id) })).toBe(2);
  expect(await appliedOf(batchId)).toBe(true);
  // The mismatch is recorded for reconciliation, once; its order stays unpaid.
  expect(await orderOf(mismatched!.id)).toMatchObject({ state: 'pending' });
  expect(
    await PayAnomaly.countDocuments({ outTradeNo: mismatched!.outTradeNo, kind: 'amount_mismatch' })
  ).toBe(1);
  expect(await appliedOf(wrongId)).toBe(true);

  const again = await runJobNow('pay-receipts', { deps: ctx.deps });
  expect(again.counts.applied ?? 0).toBe(0);
  expect(await vouchersOf(order!.id)).toBe(1);
  clock.set(null);
});

test('the fulfilment worker applies at start what a stopped process left, once', async () => {
  const [order] = await pendingOrders(1);
  // Left in two batches (a copy stored by another instance too): applied once all the same.
  const receipt = receiptOf(order!, order!.amountFen);
  const batchIds = [await batchLeftBehind(receipt), await batchLeftBehind(receipt)];
  await Promise.all([startPayFulfilment(ctx.deps).stop(), startPayFulfilment(ctx.deps).stop()]);
  expect(await orderOf(order!.id)).toMatchObject({ state: 'fulfilled' });
  expect(await vouchersOf(order!.id)).toBe(1);
  expect(await PayTransition.countDocuments({ orderId: new Types.ObjectId(order!.id) })).toBe(2);
  expect(await Promise.all(batchIds.map(appliedOf))).toEqual([true, true]);
});

test('a copy reaching a batch after its payment was stored elsewhere is stored again and applied once', async () => {
  const [order] = await pendingOrders(1);
  const { n } = notificationOf(order!);
  // Stored by a process that died before applying it (this process never saw it).
  const leftId = await batchLeftBehind(receiptOf(order!, order!.amountFen));
  await postNotification(ctx, n).expect(204);
  await fulfilled(order!.id);
  expect(await storedReceiptsOf([order!.outTradeNo])).toHaveLength(2);
  clock.set(() => new Date(Date.now() + 60_000));
  await runJobNow('pay-receipts', { deps: ctx.deps });
  clock.set(null);
  expect(await appliedOf(leftId)).toBe(true);
  expect(await vouchersOf(order!.id)).toBe(1);
  expect(await PayTransition.countDocuments({ orderId: new Types.ObjectId(order!.id) })).toBe(2);
  // A retry now: this process remembers the payment, nothing is written.
  await postNotification(ctx, n).expect(204);
  expect(await storedReceiptsOf([order!.outTradeNo])).toHaveLength(2);
});

test('a document with a receipt that fails stays unapplied for the job; its receipts already applied are no-ops the second time', async () => {
  const [order, other] = await pendingOrders(2);
  const [broken] = await pendingOrders(1); // another store, another item
  const mixed = await batchLeftBehind(
    receiptOf(order!, order!.amountFen),
    receiptOf(broken!, broken!.amountFen)
  );
  const clean = await batchLeftBehind(receiptOf(other!, other!.amountFen));
  // The broken order's item is gone for a while: its voucher cannot be issued.
  const itemId = (await PayOrder.findById(broken!.id).lean())!.itemId;
  const item = await RewardItem.collection.findOne({ _id: itemId });
  await RewardItem.collection.deleteOne({ _id: itemId });
  clock.set(() => new Date(Date.now() + 60_000));
  try {
    const first = await runJobNow('pay-receipts', { deps: ctx.deps });
    expect(first.counts).toMatchObject({ applied: 2, failed: 1, batches: 1 });
    expect(await appliedOf(mixed)).toBe(false);
    expect(await appliedOf(clean)).toBe(true);
    expect(await orderOf(order!.id)).toMatchObject({ state: 'fulfilled' });
    expect(await orderOf(broken!.id)).toMatchObject({ state: 'paid' });
    expect(await vouchersOf(broken!.id)).toBe(0);

    await RewardItem.collection.insertOne(item!);
    const second = await runJobNow('pay-receipts', { deps: ctx.deps });
    expect(second.counts).toMatchObject({ applied: 2, batches: 1 });
  } finally {
    clock.set(null);
  }
  expect(await appliedOf(mixed)).toBe(true);
  expect(await orderOf(broken!.id)).toMatchObject({ state: 'fulfilled' });
  for (const o of [order!, broken!]) {
    expect(await vouchersOf(o.id)).toBe(1);
    expect(await PayTransition.countDocuments({ orderId: new Types.ObjectId(o.id) })).toBe(2);
  }
});
