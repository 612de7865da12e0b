import type { Types } from 'mongoose';
import { post } from '../points/ledger-lane';
import { plainLots } from '../points/points-ledger';
import { PointsEntry } from '../points/points-ledger.model';

/**
 * The points part of an order: reserved (debited) when the order is made, kept once it is paid,
 * given back once — when the order closes unpaid or its refund succeeds (one source key for
 * both, an order cannot do both).
 */

interface OrderPoints {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  customerId: Types.ObjectId;
  itemName: string;
  points: number;
}

const accountOf = (o: { dealershipId: Types.ObjectId | string; customerId: Types.ObjectId | string }) => ({
  accountId: String(o.customerId),
  dealershipId: String(o.dealershipId)
});

export const reserveKey = (dealershipId: string, orderId: Types.ObjectId | string) =>
  `${dealershipId}:pay:${String(orderId)}`;
const returnKey = (dealershipId: string, orderId: Types.ObjectId | string) =>
  `${dealershipId}:pay-return:${String(orderId)}`;

/** Debits the order's points (refused with 422 INSUFFICIENT_POINTS, writing nothing). */
export async function reservePoints(order: OrderPoints) {
  if (order.points <= 0) return [];
  const spent = await post(accountOf(order), {
    kind: 'spend',
    source: 'payment',
    reason: `购买「${order.itemName}」（积分部分）`,
    change: { type: 'debit', points: order.points },
    sourceKey: reserveKey(String(order.dealershipId), order._id)
  });
  return spent.entry?.consumed ?? [];
}

/** Gives the reserved points back with their lots' expiry, once; false when nothing was reserved. */
export async function returnPoints(order: OrderPoints, reason: string): Promise<boolean> {
  const dealershipId = String(order.dealershipId);
  const spend = await PointsEntry.findOne(
    { sourceKey: reserveKey(dealershipId, order._id) },
    { consumed: 1 }
  ).lean();
  if (!spend) return false;
  const posted = await post(accountOf(order), {
    kind: 'refund',
    source: 'payment',
    reason,
    change: {
      type: 'restore',
      lots: plainLots(spend.consumed)
    },
    sourceKey: returnKey(dealershipId, order._id)
  });
  return !posted.duplicate;
}
