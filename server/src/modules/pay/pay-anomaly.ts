import type { Types } from 'mongoose';
import type { PayAnomalyKind } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { PayAnomaly } from './pay-order.model';
import type { WechatTransaction } from './wechatpay-client';

/**
 * Records what reconciliation shows, once per order and payment: the `_id` is the kind and the
 * merchant order number (plus the transaction for unknown orders and mismatches), so WeChat's
 * retries, the worker and the sweeps repeating it add nothing.
 */
export async function recordAnomaly(
  kind: PayAnomalyKind,
  trade: WechatTransaction,
  order: { _id: Types.ObjectId; dealershipId: Types.ObjectId; amountFen: number } | null
): Promise<void> {
  const perPayment = kind === 'unknown_order' || kind === 'amount_mismatch';
  const suffix = perPayment ? `:${trade.transaction_id ?? trade.amount?.total ?? ''}` : '';
  try {
    await PayAnomaly.create({
      _id: `${kind}:${trade.out_trade_no}${suffix}`,
      kind,
      outTradeNo: trade.out_trade_no,
      orderId: order?._id ?? null,
      dealershipId: order?.dealershipId ?? null,
      amountFen: trade.amount?.total ?? null,
      expectedFen: order?.amountFen ?? null,
      transactionId: trade.transaction_id ?? null,
      at: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err; // recorded before
  }
}
