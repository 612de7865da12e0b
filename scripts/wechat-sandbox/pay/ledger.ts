/**
 * Trades and refunds, and the rules WeChat applies to them (protocol side). Control
 * operations (the payer paying, refunds settling) go through PayState, which calls in here.
 */
import { fail, payError } from './errors';
import { newPrepayId, newRefundId, newTransactionId } from './ids';
import type { Refund, RefundOutcome, Trade } from './types';

/** A prepay_id is valid two hours; an identical order within them gets the same one back. */
export const PREPAY_TTL_MS = 2 * 3_600_000;

export type OrderRequest = Pick<
  Trade,
  | 'appid'
  | 'mchid'
  | 'outTradeNo'
  | 'description'
  | 'notifyUrl'
  | 'total'
  | 'openid'
  | 'attach'
  | 'timeExpire'
>;

export interface RefundRequest {
  outTradeNo?: string;
  transactionId?: string;
  outRefundNo: string;
  reason?: string;
  notifyUrl?: string;
  refund: number;
  total: number;
}

const SAME_ORDER_FIELDS = ['appid', 'description', 'notifyUrl', 'total', 'openid', 'attach'] as const;

export class PayLedger {
  private readonly trades = new Map<string, Trade>();
  private readonly tradesByTransaction = new Map<string, Trade>();
  private readonly refunds = new Map<string, Refund>();

  constructor(private readonly now: () => number) {}

  placeOrder(request: OrderRequest): Trade {
    const now = this.now();
    const existing = this.trades.get(request.outTradeNo);
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') fail(payError('ORDERPAID'));
      if (existing.state === 'CLOSED') fail(payError('ORDER_CLOSED'));
      if (SAME_ORDER_FIELDS.some((f) => existing[f] !== request[f])) fail(payError('OUT_TRADE_NO_USED'));
      if (now - existing.prepayIssuedAt >= PREPAY_TTL_MS) {
        existing.prepayId = newPrepayId(now);
        existing.prepayIssuedAt = now;
      }
      existing.timeExpire = request.timeExpire;
      return existing;
    }
    if (request.timeExpire !== undefined && request.timeExpire <= now)
      fail(payError('INVALID_REQUEST', 'time_expire时间不能早于当前时间'));
    const trade: Trade = {
      ...request,
      prepayId: newPrepayId(now),
      prepayIssuedAt: now,
      createdAt: now,
      state: 'NOTPAY',
      notificationsLost: false
    };
    this.trades.set(trade.outTradeNo, trade);
    return trade;
  }

  trade(outTradeNo: string): Trade | undefined {
    return this.trades.get(outTradeNo);
  }

  tradeByTransactionId(transactionId: string): Trade | undefined {
    return this.tradesByTransaction.get(transactionId);
  }

  allTrades(): Trade[] {
    return [...this.trades.values()];
  }

  /** Protocol close: 204 for an unpaid or already closed order. */
  close(outTradeNo: string): void {
    const trade = this.trades.get(outTradeNo) ?? fail(payError('ORDER_NOT_EXIST'));
    if (trade.state === 'SUCCESS' || trade.state === 'REFUND') fail(payError('ORDERPAID'));
    trade.state = 'CLOSED';
  }

  /** The payer pays (control side). Returns a reason string when the order cannot be paid. */
  pay(outTradeNo: string): Trade | string {
    const trade = this.trades.get(outTradeNo);
    if (!trade) return `no order ${outTradeNo}`;
    if (trade.state !== 'NOTPAY') return `order ${outTradeNo} is ${trade.state}, not NOTPAY`;
    const now = this.now();
    if (trade.timeExpire !== undefined && now > trade.timeExpire) return `order ${outTradeNo} expired`;
    if (now - trade.prepayIssuedAt >= PREPAY_TTL_MS) return `prepay_id of ${outTradeNo} expired`;
    trade.state = 'SUCCESS';
    trade.transactionId = newTransactionId(now);
    trade.successTime = now;
    this.tradesByTransaction.set(trade.transactionId, trade);
    return trade;
  }

  /** Protocol refund request; an identical repeat of an out_refund_no answers the same refund. */
  requestRefund(request: RefundRequest): { refund: Refund; created: boolean } {
    const trade =
      (request.transactionId
        ? this.tradesByTransaction.get(request.transactionId)
        : this.trades.get(request.outTradeNo ?? '')) ?? fail(payError('RESOURCE_NOT_EXISTS'));
    const existing = this.refunds.get(request.outRefundNo);
    if (existing) {
      const same =
        existing.outTradeNo === trade.outTradeNo &&
        existing.refund === request.refund &&
        existing.total === request.total;
      if (!same) fail(payError('INVALID_REQUEST', '退款单号已存在，但与原退款请求的参数不一致'));
      return { refund: existing, created: false };
    }
    if ((trade.state !== 'SUCCESS' && trade.state !== 'REFUND') || !trade.transactionId)
      fail(payError('INVALID_REQUEST', '订单未支付，不能退款'));
    if (request.total !== trade.total) fail(payError('INVALID_REQUEST', '订单金额与原订单金额不一致'));
    if (request.refund > request.total - this.refundedOrRefunding(trade.outTradeNo))
      fail(payError('INVALID_REQUEST', '申请退款金额超过订单可退金额'));
    const refund: Refund = {
      refundId: newRefundId(this.now()),
      outRefundNo: request.outRefundNo,
      outTradeNo: trade.outTradeNo,
      transactionId: trade.transactionId ?? '',
      reason: request.reason,
      notifyUrl: request.notifyUrl,
      refund: request.refund,
      total: request.total,
      status: 'PROCESSING',
      createdAt: this.now()
    };
    this.refunds.set(refund.outRefundNo, refund);
    return { refund, created: true };
  }

  refund(outRefundNo: string): Refund | undefined {
    return this.refunds.get(outRefundNo);
  }

  allRefunds(): Refund[] {
    return [...this.refunds.values()];
  }

  /** Settles a PROCESSING refund; a successful one turns the trade to REFUND. */
  settleRefund(refund: Refund, outcome: RefundOutcome): void {
    refund.status = outcome;
    if (outcome !== 'SUCCESS') return;
    refund.successTime = this.now();
    const trade = this.trades.get(refund.outTradeNo);
    if (trade) trade.state = 'REFUND';
  }

  private refundedOrRefunding(outTradeNo: string): number {
    let sum = 0;
    for (const r of this.refunds.values())
      if (r.outTradeNo === outTradeNo && (r.status === 'SUCCESS' || r.status === 'PROCESSING'))
        sum += r.refund;
    return sum;
  }

  clear(): void {
    this.trades.clear();
    this.tradesByTransaction.clear();
    this.refunds.clear();
  }
}
