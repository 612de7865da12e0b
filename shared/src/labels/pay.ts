/**
 * WeChat Pay orders: their states, how a payment became known and what reconciliation finds,
 * with their Chinese labels — zod-free so the mini-program can bundle them (see
 * labels/classes.ts); shared/src/api/pay.ts builds its schemas on the same tables.
 */

/**
 * An order's payment state:
 * pending (waiting for the payer) → paid (WeChat says so) → fulfilled (voucher issued);
 * pending → closed (timed out, cancelled or prepay failed: stock and points released);
 * fulfilled → refunding (refund sent to WeChat) → refunded | refund_failed.
 */
export const PAY_ORDER_STATES = [
  'pending',
  'paid',
  'fulfilled',
  'closed',
  'refunding',
  'refunded',
  'refund_failed'
] as const;
export type PayOrderState = (typeof PAY_ORDER_STATES)[number];

export const PAY_ORDER_STATE_LABELS: Record<PayOrderState, string> = {
  pending: '待支付',
  paid: '已支付',
  fulfilled: '已出券',
  closed: '已关闭',
  refunding: '退款中',
  refunded: '已退款',
  refund_failed: '退款失败'
};

/** How the payment became known: WeChat's notification, or our query of the order (reconciliation). */
export const PAY_CONFIRMATIONS = ['notification', 'query'] as const;
export type PayConfirmation = (typeof PAY_CONFIRMATIONS)[number];

export const PAY_CONFIRMATION_LABELS: Record<PayConfirmation, string> = {
  notification: '支付通知',
  query: '对账查单'
};

export const PAY_CLOSE_REASONS = ['timeout', 'prepay_failed', 'cancelled'] as const;
export type PayCloseReason = (typeof PAY_CLOSE_REASONS)[number];

export const PAY_CLOSE_REASON_LABELS: Record<PayCloseReason, string> = {
  timeout: '超时未支付',
  prepay_failed: '下单失败',
  cancelled: '已取消'
};

/**
 * What reconciliation found: orders paid without a notification (fulfilled from WeChat's order
 * query), notifications for orders we do not know, amounts that do not match, payments that
 * arrived after the order was closed.
 */
export const PAY_ANOMALY_KINDS = [
  'paid_without_notification',
  'unknown_order',
  'amount_mismatch',
  'paid_after_close'
] as const;
export type PayAnomalyKind = (typeof PAY_ANOMALY_KINDS)[number];

export const PAY_ANOMALY_LABELS: Record<PayAnomalyKind, string> = {
  paid_without_notification: '已支付未收到通知（已按查单补发）',
  unknown_order: '收到未知订单的支付通知',
  amount_mismatch: '支付金额与订单不符',
  paid_after_close: '订单关闭后才支付'
};
