/** The JSON WeChat answers for trades and refunds, and the decrypted notification resources. */
import { chinaTime } from './crypto';
import type { Refund, Trade } from './types';

const TRADE_STATE_DESC: Record<Trade['state'], string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  CLOSED: '订单已关闭'
};

/** Query-order answer; also the TRANSACTION.SUCCESS resource. */
export function presentTrade(trade: Trade): Record<string, unknown> {
  const base: Record<string, unknown> = {
    appid: trade.appid,
    mchid: trade.mchid,
    out_trade_no: trade.outTradeNo,
    trade_state: trade.state,
    trade_state_desc: TRADE_STATE_DESC[trade.state],
    attach: trade.attach ?? '',
    promotion_detail: []
  };
  if (!trade.transactionId || trade.successTime === undefined) {
    return { ...base, amount: { total: trade.total, currency: 'CNY', payer_currency: 'CNY' } };
  }
  return {
    ...base,
    transaction_id: trade.transactionId,
    trade_type: 'JSAPI',
    bank_type: 'OTHERS',
    success_time: chinaTime(trade.successTime),
    payer: { openid: trade.openid },
    amount: { total: trade.total, payer_total: trade.total, currency: 'CNY', payer_currency: 'CNY' }
  };
}

/** Refund and refund-query answer. */
export function presentRefund(refund: Refund): Record<string, unknown> {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successTime === undefined ? {} : { success_time: chinaTime(refund.successTime) }),
    create_time: chinaTime(refund.createdAt),
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.total,
      refund: refund.refund,
      from: [],
      payer_total: refund.total,
      payer_refund: refund.refund,
      settlement_refund: refund.refund,
      settlement_total: refund.total,
      discount_refund: 0,
      currency: 'CNY',
      refund_fee: 0
    },
    promotion_detail: []
  };
}

/** The REFUND.* resource. */
export function refundResource(refund: Refund, mchid: string): Record<string, unknown> {
  return {
    mchid,
    out_trade_no: refund.outTradeNo,
    transaction_id: refund.transactionId,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_status: refund.status,
    ...(refund.successTime === undefined ? {} : { success_time: chinaTime(refund.successTime) }),
    user_received_account: '支付用户零钱',
    amount: {
      total: refund.total,
      refund: refund.refund,
      payer_total: refund.total,
      payer_refund: refund.refund
    }
  };
}
