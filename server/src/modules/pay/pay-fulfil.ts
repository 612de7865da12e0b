import { Types } from 'mongoose';
import { clock, shanghaiDate } from '../../lib/clock';
import { issueVoucher } from '../points/voucher-issue';
import { RewardItem, type RewardItemDoc } from '../points/reward.model';
import { releaseClaimsOf } from '../points/voucher-refund';
import { recordAnomaly } from './pay-anomaly';
import { PayOrder, type PayOrderRecord } from './pay-order.model';
import { returnPoints } from './pay-points';
import { leftTo, transition } from './pay-transition';
import type { WechatTransaction } from './wechatpay-client';

/**
 * What follows a payment and a closure, each exactly once whoever repeats it: a paid order gets
 * its voucher (one per order: the voucher's unique `redemptionId` is the order id) and moves to
 * fulfilled; a closed order gives its stock unit, owner slot and reserved points back.
 */

type ItemRecord = RewardItemDoc & { _id: Types.ObjectId };
/** Reads the item an order sold (the worker reads the items of a batch of orders at once). */
export type ItemLoader = (itemId: Types.ObjectId) => Promise<ItemRecord | null>;
const loadItem: ItemLoader = (itemId) => RewardItem.findById(itemId).lean<ItemRecord>();

/** Issues the voucher of a paid order and marks it fulfilled; repeating it changes nothing. */
export async function fulfil(order: PayOrderRecord, itemOf: ItemLoader = loadItem): Promise<void> {
  const item = await itemOf(order.itemId);
  // Items are taken off sale, never deleted; a missing one is left for the repair sweep to report.
  if (!item) throw new Error(`reward item ${String(order.itemId)} of order ${String(order._id)} is missing`);
  const { voucher } = await issueVoucher({
    // The item as it was sold (name and points price of the order), with its uses and validity.
    item: { ...item, name: order.itemName, pricePoints: order.points },
    customerId: order.customerId,
    ownerId: order.ownerId,
    redemptionId: order._id,
    consumed: order.consumed.map((l) => ({
      lot: l.lot,
      expiresOn: l.expiresOn ?? null,
      remaining: l.remaining ?? 0
    })),
    claims: order.claims,
    redeemedOn: shanghaiDate(order.paidAt ?? clock.now())
  });
  await transition(order._id, 'paid', 'fulfilled', { voucherId: voucher._id, voucherCode: voucher.code });
}

/** The payment WeChat reported, checked against the order by the caller. */
export async function recordPayment(
  order: PayOrderRecord,
  trade: WechatTransaction,
  via: 'notification' | 'query',
  itemOf: ItemLoader = loadItem
): Promise<'fulfilled' | 'closed_before'> {
  const paidAt = trade.success_time ? new Date(trade.success_time) : clock.now();
  const paid = {
    paidVia: via,
    transactionId: trade.transaction_id ?? null,
    paidAt: Number.isNaN(paidAt.getTime()) ? clock.now() : paidAt
  };
  const outcome = await transition(order._id, 'pending', 'paid', paid);
  if (outcome === 'lost') {
    // Closed here while the payer paid at WeChat: money in, goods released. A manager refunds it.
    await recordAnomaly('paid_after_close', trade, order);
    return 'closed_before';
  }
  if (via === 'query' && outcome === 'moved') await recordAnomaly('paid_without_notification', trade, order);
  // Moved by this call: the order is what it was plus the change (no need to read it again).
  const now =
    outcome === 'moved'
      ? { ...order, ...paid, state: 'paid' as const }
      : await PayOrder.findById(order._id).lean();
  if (now && now.state === 'paid') await fulfil(now, itemOf);
  return 'fulfilled';
}

export type CloseReason = 'timeout' | 'prepay_failed' | 'cancelled';

/** Closes a pending order here (WeChat is told by the caller) and gives back what it held, once. */
export async function closeOrder(order: PayOrderRecord, reason: CloseReason): Promise<boolean> {
  const outcome = await transition(order._id, 'pending', 'closed', {
    closeReason: reason,
    closedAt: clock.now()
  });
  if (outcome === 'lost') return false;
  await releaseOrder(order, `订单关闭，退回「${order.itemName}」的积分`);
  return true;
}

/** Gives back the order's stock unit, owner slot and reserved points (each once). */
export async function releaseOrder(order: PayOrderRecord, reason: string): Promise<void> {
  await returnPoints(order, reason);
  await releaseClaimsOf(order._id);
}

/** A pending order that left pending elsewhere (crash, another instance): finish what follows. */
export async function settleFollowUp(order: PayOrderRecord): Promise<void> {
  const next = await leftTo(order._id, 'pending');
  const fresh = await PayOrder.findById(order._id).lean();
  if (!fresh) return;
  if (next === 'closed') await releaseOrder(fresh, `订单关闭，退回「${fresh.itemName}」的积分`);
  if (fresh.state === 'paid') await fulfil(fresh);
}

export const orderIdOf = (outTradeNo: string): Types.ObjectId | null =>
  /^P[0-9a-f]{24}$/.test(outTradeNo) ? new Types.ObjectId(outTradeNo.slice(1)) : null;
