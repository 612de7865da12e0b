import { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { op } from '../../lib/query';
import { PointsEntry } from '../points/points-ledger.model';
import { markVoucherReversed, releaseClaimsOf, releaseVoucherHold } from '../points/voucher-refund';
import { closeOrder, fulfil, recordPayment, releaseOrder } from './pay-fulfil';
import { PayOrder, PayReconcileRun, PayTransition, type PayOrderRecord } from './pay-order.model';
import { returnPoints } from './pay-points';
import { recordRefundOutcome, sendRefund } from './pay-refund.service';
import type { PayRuntime } from './pay-runtime';
import { applyTransition } from './pay-transition';

/**
 * The pay module's sweeps: close unpaid orders past their time (at WeChat, then here, releasing
 * stock and points once); ask WeChat about orders that saw no notification (paid ones are
 * fulfilled once and reported) and refunds still open; finish what a crash left half-done.
 */

const MINUTE_MS = 60_000;
/** A pending order younger than this may still get its notification: not queried yet. */
const QUERY_AFTER_MS = 2 * MINUTE_MS;
/** Transitions and reservations this old are looked at by the repair sweep. */
const REPAIR_LOOKBACK_MS = 3 * 24 * 60 * MINUTE_MS;
/** A reservation younger than this may still be getting its order stored. */
const REPAIR_GRACE_MS = MINUTE_MS;
const BATCH = 200;

/** WeChat's view of a pending order, acted upon: paid → fulfilled; else closed when `close`. */
async function settlePending(runtime: PayRuntime, order: PayOrderRecord, close: boolean) {
  const gateway = await runtime.gateway();
  const trade = await gateway.query(order.outTradeNo);
  if (trade?.trade_state === 'SUCCESS' && trade.amount?.total === order.amountFen) {
    await recordPayment(order, trade, 'query');
    return 'fulfilled' as const;
  }
  if (!close) return 'pending' as const;
  // Closing at WeChat first: an order WeChat closed can no longer be paid. If the payer paid in
  // the meantime WeChat refuses, and the next run finds it paid.
  if (trade) await gateway.close(order.outTradeNo);
  return (await closeOrder(order, 'timeout')) ? ('closed' as const) : ('pending' as const);
}

/** Pending orders past their expiry: closed (or fulfilled when WeChat says paid). */
export async function closeExpiredOrders(runtime: PayRuntime) {
  const counts = { closed: 0, fulfilled: 0, failed: 0 };
  const due = await PayOrder.find({ state: 'pending', expiresAt: op.lt(clock.now()) })
    .limit(BATCH)
    .lean();
  for (const order of due) {
    try {
      const outcome = await settlePending(runtime, order, true);
      if (outcome !== 'pending') counts[outcome] += 1;
    } catch {
      counts.failed += 1; // WeChat unreachable: the next run tries again
    }
  }
  return counts;
}

/** Orders without a notification, queried at WeChat; refunds still open, asked again. */
export async function reconcileOrders(runtime: PayRuntime) {
  const now = clock.now().getTime();
  const counts = { queried: 0, fulfilled: 0, closed: 0, refundsSettled: 0, failed: 0 };
  const pending = await PayOrder.find({ state: 'pending', createdAt: op.lt(new Date(now - QUERY_AFTER_MS)) })
    .limit(BATCH)
    .lean();
  for (const order of pending) {
    try {
      counts.queried += 1;
      const outcome = await settlePending(runtime, order, order.expiresAt.getTime() < now);
      if (outcome !== 'pending') counts[outcome] += 1;
    } catch {
      counts.failed += 1;
    }
  }
  const refunding = await PayOrder.find({ state: 'refunding' }).limit(BATCH).lean();
  for (const order of refunding) {
    try {
      const gateway = await runtime.gateway();
      const found = order.outRefundNo ? await gateway.findRefund(order.outRefundNo) : null;
      const status = found?.status;
      if (status === 'SUCCESS' || status === 'CLOSED' || status === 'ABNORMAL') {
        await recordRefundOutcome({
          mchid: gateway.credentials.mchid,
          out_trade_no: order.outTradeNo,
          out_refund_no: order.outRefundNo ?? '',
          refund_status: status
        });
        counts.refundsSettled += 1;
      } else if (!found) {
        await sendRefund(runtime, order, '门店退款');
      }
    } catch {
      counts.failed += 1;
    }
  }
  await PayReconcileRun.updateOne(
    { _id: 'last' },
    {
      $set: { at: clock.now(), queried: counts.queried, fulfilled: counts.fulfilled, closed: counts.closed }
    },
    { upsert: true }
  );
  return counts;
}

/** What follows each state, again (every step is once-only, so repeating it is harmless). */
async function followUp(order: PayOrderRecord): Promise<void> {
  if (order.state === 'paid') await fulfil(order);
  if (order.state === 'closed') await releaseOrder(order, `订单关闭，退回「${order.itemName}」的积分`);
  if (order.state === 'refunded' && order.voucherId) {
    await markVoucherReversed(order.voucherId);
    await releaseOrder(order, `退款成功，退回「${order.itemName}」的积分`);
  }
  if (order.state === 'refund_failed' && order.voucherId) await releaseVoucherHold(order.voucherId);
}

/**
 * The crash gaps: a transition claimed but not written onto the order, a paid order without its
 * voucher (killed between "paid" and "voucher issued"), a closure or refund whose release did not
 * finish, points reserved for an order that was never stored.
 */
export async function repairOrders() {
  const now = clock.now().getTime();
  const counts = { transitions: 0, followUps: 0, orphanReservations: 0, failed: 0 };
  const recent = await PayTransition.find({
    at: op.range(new Date(now - REPAIR_LOOKBACK_MS), new Date(now - REPAIR_GRACE_MS))
  }).lean();
  const orderIds = [...new Set(recent.map((t) => String(t.orderId)))].map((id) => new Types.ObjectId(id));
  const orders = new Map(
    (await PayOrder.find({ _id: op.in(orderIds) }).lean()).map((o) => [String(o._id), o] as const)
  );
  for (const t of recent) {
    const order = orders.get(String(t.orderId));
    if (order?.state === t.from) {
      await applyTransition({ ...t, set: t.set as Record<string, unknown> });
      counts.transitions += 1;
    }
  }
  for (const id of orderIds) {
    const order = await PayOrder.findById(id).lean();
    if (!order) continue;
    try {
      await followUp(order);
      counts.followUps += 1;
    } catch {
      counts.failed += 1; // one order's trouble does not stop the others; the next run retries
    }
  }
  counts.orphanReservations = await refundOrphanReservations(now);
  return counts;
}

/** Points reserved (and claims held) for an order the server stopped before storing. */
async function refundOrphanReservations(now: number): Promise<number> {
  const spends = await PointsEntry.find(
    {
      source: 'payment',
      kind: 'spend',
      at: op.range(new Date(now - REPAIR_LOOKBACK_MS), new Date(now - REPAIR_GRACE_MS))
    },
    { sourceKey: 1, accountId: 1, dealershipId: 1 }
  ).lean();
  const ids = spends.map((s) => new Types.ObjectId(s.sourceKey.slice(s.sourceKey.lastIndexOf(':') + 1)));
  const stored = new Set(
    (await PayOrder.find({ _id: op.in(ids) }, { _id: 1 }).lean()).map((o) => String(o._id))
  );
  let refunded = 0;
  for (const [i, spend] of spends.entries()) {
    const orderId = ids[i]!;
    if (stored.has(String(orderId))) continue;
    const order = {
      _id: orderId,
      dealershipId: spend.dealershipId,
      customerId: spend.accountId,
      itemName: '商品',
      points: 1
    };
    if (await returnPoints(order, '订单未能创建，退回积分')) refunded += 1;
    await releaseClaimsOf(orderId);
  }
  return refunded;
}
