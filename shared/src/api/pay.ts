import { z } from 'zod';
import { objectId, pageOf, pagination } from './common';
import { REWARD_KINDS, voucherCode } from './points';
import { PAY_ANOMALY_KINDS, PAY_CLOSE_REASONS, PAY_CONFIRMATIONS, PAY_ORDER_STATES } from '../labels/pay';

export * from '../labels/pay';

/**
 * WeChat Pay (微信支付) for the rewards shop: cash and points+cash orders, the owner's payment
 * parameters, refunds, the manager's order list, reconciliation and merchant settings.
 * Amounts are in fen (1 元 = 100 fen).
 */

export const payOrderView = z.object({
  id: objectId,
  /** The merchant order number sent to WeChat (out_trade_no). */
  outTradeNo: z.string(),
  dealershipId: objectId,
  item: z.object({ id: objectId, name: z.string(), kind: z.enum(REWARD_KINDS) }),
  amountFen: z.number().int(),
  /** Points reserved at order time (spent once paid, given back when the order closes or is refunded). */
  points: z.number().int(),
  state: z.enum(PAY_ORDER_STATES),
  paidVia: z.enum(PAY_CONFIRMATIONS).nullable(),
  /** The voucher issued once paid. */
  voucher: z.object({ id: objectId, code: voucherCode }).nullable(),
  /** The owner asked for a refund (a manager decides). */
  refundRequest: z.object({ reason: z.string(), at: z.string() }).nullable(),
  closeReason: z.enum(PAY_CLOSE_REASONS).nullable(),
  createdAt: z.string(),
  /** Pay before this moment (time_expire); the order closes after it. */
  expiresAt: z.string(),
  paidAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  refundedAt: z.string().nullable()
});
export type PayOrderView = z.infer<typeof payOrderView>;

/** What `Taro.requestPayment` takes (JSAPI, signType RSA). */
export const requestPaymentParams = z.object({
  appId: z.string(),
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string()
});
export type RequestPaymentParams = z.infer<typeof requestPaymentParams>;

// ---- owner ----

export const createPayOrderBody = z.strictObject({ itemId: objectId });
export const payOrderCreatedResponse = z.object({
  order: payOrderView,
  payment: requestPaymentParams,
  /** Demo mode: the page shows 模拟支付 (POST …/demo-pay) instead of the WeChat cashier. */
  demo: z.boolean()
});
export type PayOrderCreatedResponse = z.infer<typeof payOrderCreatedResponse>;

export const myPayOrdersResponse = z.object({ items: z.array(payOrderView) });
export const payOrderPaymentResponse = z.object({ payment: requestPaymentParams });

export const refundReason = z
  .string({ error: '请填写退款原因' })
  .trim()
  .min(2, '退款原因至少 2 个字')
  .max(200, '退款原因最多 200 个字');
export const refundRequestBody = z.strictObject({ reason: refundReason });

// ---- manager ----

export const staffPayOrderView = payOrderView.extend({
  owner: z.object({ customerId: objectId, name: z.string(), mobileTail: z.string().nullable() })
});
export type StaffPayOrderView = z.infer<typeof staffPayOrderView>;

export const payOrdersQuery = z.strictObject({
  dealershipId: objectId.optional(),
  state: z.enum(PAY_ORDER_STATES).optional(),
  ...pagination
});
export const payOrdersResponse = pageOf(staffPayOrderView);

export const refundOrderBody = z.strictObject({ reason: refundReason });

export const payAnomalyView = z.object({
  id: z.string(),
  kind: z.enum(PAY_ANOMALY_KINDS),
  outTradeNo: z.string(),
  orderId: objectId.nullable(),
  /** What WeChat reported (fen). */
  amountFen: z.number().int().nullable(),
  /** What the order asked (fen). */
  expectedFen: z.number().int().nullable(),
  transactionId: z.string().nullable(),
  at: z.string()
});
export type PayAnomalyView = z.infer<typeof payAnomalyView>;

export const payReconciliationQuery = z.strictObject({ dealershipId: objectId.optional() });
export const payReconciliationResponse = z.object({
  anomalies: z.array(payAnomalyView),
  /** Orders still waiting for a payment, and how many WeChat answered on the last run. */
  pendingOrders: z.number().int(),
  lastRun: z
    .object({
      at: z.string(),
      queried: z.number().int(),
      fulfilled: z.number().int(),
      closed: z.number().int()
    })
    .nullable()
});
export type PayReconciliationResponse = z.infer<typeof payReconciliationResponse>;

// ---- merchant settings ----

/** Where a secret is read from: a file on the server, or an environment variable. Never the key itself. */
export const keySource = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('file'), path: z.string().trim().min(1).max(500) }),
  z.strictObject({
    from: z.literal('env'),
    name: z
      .string()
      .trim()
      .regex(/^[A-Z_][A-Z0-9_]{0,99}$/, '环境变量名只能包含大写字母、数字和下划线')
  })
]);
export type KeySource = z.infer<typeof keySource>;

export const merchantKeySources = z.strictObject({
  /** apiclient_key.pem: signs our requests and the payment parameters. */
  merchantPrivateKey: keySource,
  /** apiclient_cert.pem: its serial identifies our key to WeChat. */
  merchantCertificate: keySource,
  /** The APIv3 key (32 characters): decrypts notifications and platform certificates. */
  apiV3Key: keySource,
  /** WeChat Pay public key (public-key mode, PUB_KEY_ID_…); null on certificate mode only. */
  platformPublicKey: keySource.nullable()
});

export const merchantSettingsBody = z.strictObject({
  mchid: z.string().regex(/^\d{8,12}$/, '商户号应为 8–12 位数字'),
  appid: z.string().trim().min(1).max(64),
  merchantSerial: z.string().regex(/^[0-9A-Fa-f]{8,64}$/, '证书序列号应为十六进制'),
  publicKeyId: z
    .string()
    .regex(/^PUB_KEY_ID_\d{1,64}$/, '公钥 ID 应以 PUB_KEY_ID_ 开头')
    .nullable(),
  keys: merchantKeySources
});
export type MerchantSettingsBody = z.infer<typeof merchantSettingsBody>;

export const merchantSettingsView = z.object({
  /** settings: saved by a manager; keys-dir: read from WECHATPAY_KEYS_DIR; none: WeChat Pay is off. */
  source: z.enum(['settings', 'keys-dir', 'none']),
  mchid: z.string().nullable(),
  appid: z.string().nullable(),
  merchantSerial: z.string().nullable(),
  publicKeyId: z.string().nullable(),
  keys: merchantKeySources.nullable(),
  /** Whether each secret could be read (never its content). */
  readable: z.record(z.string(), z.boolean()),
  updatedAt: z.string().nullable(),
  updatedBy: z.object({ id: objectId, name: z.string() }).nullable()
});
export type MerchantSettingsView = z.infer<typeof merchantSettingsView>;
