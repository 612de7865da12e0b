import { Types } from 'mongoose';
import type { PayOrderCreatedResponse } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { AppError, conflict, notFound } from '../../lib/errors';
import { Owner } from '../owners/owner.model';
import { claimItem } from '../points/redemption.service';
import { releaseClaimsOf } from '../points/voucher-refund';
import { closeOrder } from './pay-fulfil';
import { PayOrder, type PayOrderRecord } from './pay-order.model';
import { reservePoints } from './pay-points';
import type { PayRuntime } from './pay-runtime';
import { presentOrder } from './pay.present';

/**
 * An owner's order: the item's stock unit and the owner's slot are claimed (unique inserts, as a
 * points redemption does), the points part reserved, the order stored, then the prepay at WeChat
 * gives the `requestPayment` parameters. A failure gives back what was taken.
 */

export const outTradeNoOf = (orderId: Types.ObjectId) => `P${orderId.toHexString()}`;

export async function createOrder(
  runtime: PayRuntime,
  ownerId: string,
  itemId: string
): Promise<PayOrderCreatedResponse> {
  const gateway = await runtime.gateway();
  const owner = await Owner.findById(ownerId, { openid: 1 }).lean();
  if (!owner) throw notFound('车主', 'OWNER_NOT_FOUND');
  const orderId = new Types.ObjectId();
  const { item, archive, claims } = await claimItem(ownerId, itemId, orderId, 'cash');
  const now = clock.now();
  const fields = {
    _id: orderId,
    outTradeNo: outTradeNoOf(orderId),
    dealershipId: item.dealershipId,
    itemId: item._id,
    itemName: item.name,
    itemKind: item.kind,
    customerId: archive._id,
    ownerId: new Types.ObjectId(ownerId),
    openid: owner.openid,
    amountFen: item.priceCashFen,
    points: item.pricePoints
  };
  let consumed;
  try {
    consumed = await reservePoints({ ...fields, dealershipId: item.dealershipId });
  } catch (err) {
    await releaseClaimsOf(orderId);
    throw err;
  }
  const created = await PayOrder.create({
    ...fields,
    consumed,
    claims,
    state: 'pending',
    createdAt: now,
    expiresAt: new Date(now.getTime() + runtime.orderTimeoutMs)
  });
  const order = created.toObject() as PayOrderRecord;
  try {
    const { prepayId, payment } = await gateway.createJsapi({
      description: item.name.slice(0, 127),
      outTradeNo: order.outTradeNo,
      expiresAt: order.expiresAt,
      notifyUrl: runtime.notifyUrl,
      amountFen: order.amountFen,
      openid: order.openid
    });
    await PayOrder.updateOne({ _id: orderId, state: 'pending' }, { $set: { prepayId } });
    return { order: presentOrder({ ...order, prepayId }), payment, demo: runtime.config.DEMO_MODE };
  } catch (err) {
    await closeOrder(order, 'prepay_failed');
    throw err;
  }
}

export async function myOrders(ownerId: string) {
  const orders = await PayOrder.find({ ownerId: new Types.ObjectId(ownerId) })
    .sort({ createdAt: -1 })
    .limit(200)
    .lean();
  return { items: orders.map(presentOrder) };
}

/** The owner's own order (another owner's is 404, like an unknown one). */
export async function ownOrder(ownerId: string, orderId: string): Promise<PayOrderRecord> {
  const order = await PayOrder.findById(orderId).lean();
  if (!order || String(order.ownerId) !== ownerId) throw notFound('订单', 'PAY_ORDER_NOT_FOUND');
  return order;
}

/** `requestPayment` parameters again for a pending order (the payer closed the cashier and comes back). */
export async function paymentAgain(runtime: PayRuntime, ownerId: string, orderId: string) {
  const order = await ownOrder(ownerId, orderId);
  if (order.state !== 'pending' || !order.prepayId || order.expiresAt.getTime() <= clock.now().getTime())
    throw conflict('PAY_ORDER_NOT_PENDING', '订单已不能支付');
  const gateway = await runtime.gateway();
  return { payment: gateway.paymentParams(order.prepayId) };
}

/**
 * Demo only (DEMO_MODE with the WeChat sandbox): the H5 page's 模拟支付 asks the sandbox to
 * complete the payment, as the payer would in the WeChat cashier; the notification follows.
 */
export async function demoPay(runtime: PayRuntime, ownerId: string, orderId: string) {
  if (!runtime.config.DEMO_MODE) throw notFound('接口');
  const order = await ownOrder(ownerId, orderId);
  if (order.state !== 'pending') throw conflict('PAY_ORDER_NOT_PENDING', '订单已不能支付');
  const res = await fetch(`${runtime.config.WECHATPAY_API_BASE.replace(/\/$/, '')}/__sandbox/pay/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outTradeNo: order.outTradeNo }),
    signal: AbortSignal.timeout(runtime.config.WECHAT_TIMEOUT_MS)
  }).catch(() => null);
  if (!res || !res.ok) throw new AppError(502, 'SANDBOX_UNAVAILABLE', '微信沙箱不可用');
  return presentOrder((await PayOrder.findById(order._id).lean()) ?? order);
}
