import type { StaffAuth } from '../../http/auth-context';
import { mayActOn } from '../../http/dealership-scope';
import { clock } from '../../lib/clock';
import { AppError, conflict, notFound } from '../../lib/errors';
import { VoucherUse } from '../points/voucher.model';
import { holdVoucherForRefund, markVoucherReversed, releaseVoucherHold } from '../points/voucher-refund';
import { releaseOrder } from './pay-fulfil';
import { PayOrder, type PayOrderRecord } from './pay-order.model';
import { ownOrder } from './pay-order.service';
import type { PayRuntime } from './pay-runtime';
import { transition } from './pay-transition';
import { presentOrder } from './pay.present';

/**
 * Refunds (full, unused items only): the owner asks, a manager refunds. The voucher is held first
 * (its use 1 taken, so no desk uses it meanwhile), the order moves to refunding, WeChat is asked;
 * its refund notification then reverses the voucher and gives back the points and the stock
 * unit — once — or, when the refund failed, gives the voucher back.
 */

export interface WechatRefund {
  mchid: string;
  out_trade_no: string;
  out_refund_no: string;
  refund_status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
  success_time?: string;
}

const outRefundNoOf = (order: PayOrderRecord) => `R${String(order._id)}`;

async function voucherUsed(order: PayOrderRecord): Promise<boolean> {
  if (!order.voucherId) return false;
  return (await VoucherUse.countDocuments({ voucherId: order.voucherId, kind: 'use' })) > 0;
}

/** The owner asks for a refund of an unused item (a manager decides). */
export async function requestRefund(ownerId: string, orderId: string, reason: string) {
  const order = await ownOrder(ownerId, orderId);
  if (order.state !== 'fulfilled') throw conflict('PAY_ORDER_NOT_REFUNDABLE', '该订单当前不能申请退款');
  if (await voucherUsed(order)) throw conflict('VOUCHER_ALREADY_USED', '已使用过的券不能退款');
  if (order.refundRequest?.at) throw conflict('REFUND_ALREADY_REQUESTED', '已申请过退款，请等待门店处理');
  const request = { reason, at: clock.now() };
  await PayOrder.updateOne(
    { _id: order._id, state: 'fulfilled', refundRequest: null },
    { $set: { refundRequest: request } }
  );
  return presentOrder({ ...order, refundRequest: request });
}

/** Sends (or sends again: same out_refund_no, WeChat makes it once) the refund of a refunding order. */
export async function sendRefund(runtime: PayRuntime, order: PayOrderRecord, reason: string): Promise<void> {
  const gateway = await runtime.gateway();
  const answer = await gateway.refund({
    outTradeNo: order.outTradeNo,
    outRefundNo: order.outRefundNo ?? outRefundNoOf(order),
    totalFen: order.amountFen,
    reason,
    notifyUrl: runtime.notifyUrl
  });
  if (answer.status === 'SUCCESS' || answer.status === 'CLOSED' || answer.status === 'ABNORMAL') {
    await recordRefundOutcome({
      mchid: gateway.credentials.mchid,
      out_trade_no: order.outTradeNo,
      out_refund_no: order.outRefundNo ?? outRefundNoOf(order),
      refund_status: answer.status
    });
  }
}

/** A manager refunds a paid order in full; the item must be unused. */
export async function refundOrder(runtime: PayRuntime, auth: StaffAuth, orderId: string, reason: string) {
  const order = await PayOrder.findById(orderId).lean();
  if (!order || !mayActOn(auth, String(order.dealershipId))) throw notFound('订单', 'PAY_ORDER_NOT_FOUND');
  if (order.state !== 'fulfilled' && order.state !== 'refunding')
    throw conflict('PAY_ORDER_NOT_REFUNDABLE', '只有已出券的订单可以退款');
  await runtime.gateway(); // refuse before holding anything when WeChat Pay is not configured
  if (order.state === 'fulfilled' && order.voucherId) {
    await holdVoucherForRefund(order.voucherId, { id: auth.staffId, name: auth.name });
    await transition(order._id, 'fulfilled', 'refunding', {
      outRefundNo: outRefundNoOf(order),
      refundedBy: { id: auth.staffId, name: auth.name }
    });
  }
  const refunding = await PayOrder.findById(order._id).lean();
  if (!refunding || refunding.state !== 'refunding')
    throw conflict('PAY_ORDER_NOT_REFUNDABLE', '订单状态已变化');
  try {
    await sendRefund(runtime, refunding, reason);
  } catch (err) {
    if (err instanceof AppError && err.status === 502)
      throw new AppError(
        502,
        'REFUND_PENDING',
        '退款已记录，微信支付暂不可用，系统稍后会自动重试',
        err.details
      );
    throw err;
  }
  return presentOrder((await PayOrder.findById(order._id).lean()) ?? refunding);
}

/** WeChat's word on a refund (notification or query); false when we know no such refund. */
export async function recordRefundOutcome(refund: WechatRefund): Promise<boolean> {
  const order = await PayOrder.findOne({ outRefundNo: refund.out_refund_no }).lean();
  if (!order || order.outTradeNo !== refund.out_trade_no) return false;
  if (refund.refund_status === 'SUCCESS') {
    const at = refund.success_time ? new Date(refund.success_time) : clock.now();
    const outcome = await transition(order._id, 'refunding', 'refunded', {
      refundedAt: Number.isNaN(at.getTime()) ? clock.now() : at
    });
    if (outcome !== 'lost' && order.voucherId) {
      await markVoucherReversed(order.voucherId);
      await releaseOrder(order, `退款成功，退回「${order.itemName}」的积分`);
    }
    return true;
  }
  const outcome = await transition(order._id, 'refunding', 'refund_failed', {});
  if (outcome !== 'lost' && order.voucherId) await releaseVoucherHold(order.voucherId);
  return true;
}
