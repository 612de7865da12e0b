/** Public types of the sandbox's WeChat Pay API v3 side (see ../README.md, "WeChat Pay"). */
import type { PayKeys } from '../../pay-keys';

/** Which `Wechatpay-Serial` the sandbox signs with: the platform certificate's serial or `PUB_KEY_ID_…`. */
export type PayMode = 'certificate' | 'public-key';

export interface PayOptions {
  keys: PayKeys;
  mode: PayMode;
  /**
   * Divides every wait of the sandbox's own making: the notification retry schedule
   * (15 s … 6 h) and the refund settlement delay. 1 (default) is real time; 1000 turns
   * 15 s into 15 ms. The merchant's answer timeout (5 s) is not scaled.
   */
  timeScale?: number;
  /** How long a notification waits for the merchant's answer; default 5,000 ms (WeChat's limit). */
  notifyTimeoutMs?: number;
}

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED';
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
export type RefundOutcome = Exclude<RefundStatus, 'PROCESSING'>;

/** A JSAPI order as the sandbox keeps it (times are sandbox-clock epoch ms). */
export interface Trade {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  notifyUrl: string;
  total: number;
  openid: string;
  attach?: string;
  /** Epoch ms; the payer cannot pay after it. */
  timeExpire?: number;
  prepayId: string;
  prepayIssuedAt: number;
  createdAt: number;
  state: TradeState;
  transactionId?: string;
  successTime?: number;
  /** Set by loseNotifications: paid, but WeChat never tells the merchant. */
  notificationsLost: boolean;
}

export interface Refund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  reason?: string;
  notifyUrl?: string;
  refund: number;
  total: number;
  status: RefundStatus;
  createdAt: number;
  successTime?: number;
}

export type PayFaultKind = '5xx' | 'timeout' | 'bad-signature';

export interface PayFaultSpec {
  /**
   * An API v3 path: the exact request path (`/v3/pay/transactions/out-trade-no/T1`) or a
   * route template (`/v3/pay/transactions/out-trade-no/{out_trade_no}`); or `notify` for
   * notifications (kind `bad-signature` only).
   */
  path: string;
  kind: PayFaultKind;
  /** How many of the next matching calls get it (default 1). */
  times?: number;
  /** kind timeout: the answer is held this long, after the call took effect (default 10,000 ms). */
  delayMs?: number;
}

export interface ActivePayFault extends Required<PayFaultSpec> {
  id: number;
  remaining: number;
}

export type NotificationPurpose = 'delivery' | 'duplicate' | 'probe';
export type NotificationStatus = 'pending' | 'acknowledged' | 'refused' | 'gave-up' | 'cancelled';

export interface NotificationAttempt {
  /** Real time (epoch ms) the attempt was sent. */
  at: number;
  /** HTTP status of the merchant's answer; absent when it never came. */
  status?: number;
  /** The merchant's answer body (first 2,000 characters). */
  answer?: string;
  /** Connection error or `timeout`. */
  error?: string;
  durationMs: number;
  /** The `Wechatpay-Signature` did not verify (probe or scripted fault). */
  badSignature: boolean;
}

export interface NotificationRecord {
  seq: number;
  /** The notification id (`id` of the body); retries and duplicates share it. */
  id: string;
  purpose: NotificationPurpose;
  eventType: string;
  outTradeNo?: string;
  outRefundNo?: string;
  notifyUrl: string;
  /** The exact body sent. */
  body: string;
  /**
   * delivery: pending until a 2xx answer (acknowledged) or the schedule ends (gave-up);
   * duplicate / probe: one attempt, acknowledged on 2xx, refused otherwise.
   */
  status: NotificationStatus;
  attempts: NotificationAttempt[];
}
