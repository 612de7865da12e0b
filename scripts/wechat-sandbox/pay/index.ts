/** The sandbox's WeChat Pay API v3 side (see ../README.md, "WeChat Pay"). */
export { PayState, REFUND_SETTLE_MS, type PayConfigView } from './state';
export { NOTIFY_RETRY_SCHEDULE_MS } from './notifier';
export { REQUEST_TIME_WINDOW_S } from './handle';
export { PREPAY_TTL_MS } from './ledger';
export { PAY_ERRORS, type PayErrorCode } from './errors';
export type {
  ActivePayFault,
  NotificationAttempt,
  NotificationPurpose,
  NotificationRecord,
  NotificationStatus,
  PayFaultKind,
  PayFaultSpec,
  PayMode,
  PayOptions,
  Refund,
  RefundOutcome,
  RefundStatus,
  Trade,
  TradeState
} from './types';
