import { z } from 'zod';
import {
  SIGNATURE_PROBLEM_MESSAGES,
  decryptResource,
  signatureProblem,
  signedMessageOf,
  type SignedMessage
} from './pay-crypto';
import { storeReceipt } from './pay-receipts';
import { recordRefundOutcome, type WechatRefund } from './pay-refund.service';
import type { PayRuntime } from './pay-runtime';
import type { PayGateway, WechatTransaction } from './wechatpay-client';

/**
 * WeChat Pay's notifications (支付结果通知, 退款结果通知): the signature over the raw body, the
 * timestamp window and the signer's serial, then AES-256-GCM decryption, then the merchant and
 * appid. A payment is then stored as a receipt (pay-receipts.ts) and answered 204 once the
 * database holds it; the fulfilment worker checks it against the order and applies it after,
 * exactly once however many copies arrive. Answers as WeChat expects: 204 without a body, or
 * 4xx/5xx `{"code":"FAIL","message"}` (WeChat retries those).
 */

export interface NotificationAnswer {
  status: number;
  body?: { code: 'FAIL'; message: string };
  /** Why a verified notification could not be stored (logged by the route). */
  error?: unknown;
}

const OK: NotificationAnswer = { status: 204 };
const fail = (status: number, message: string): NotificationAnswer => ({
  status,
  body: { code: 'FAIL', message }
});

const envelope = z.object({
  id: z.string().max(128),
  event_type: z.string().max(64),
  resource: z.object({
    algorithm: z.string().optional(),
    ciphertext: z.string().max(65_536),
    nonce: z.string().max(64),
    associated_data: z.string().max(256).optional()
  })
});

const transaction = z.object({
  mchid: z.string(),
  appid: z.string(),
  out_trade_no: z.string().max(64),
  transaction_id: z.string().optional(),
  trade_state: z.string(),
  success_time: z.string().optional(),
  amount: z.object({ total: z.number().int() }).passthrough()
});

const refund = z.object({
  mchid: z.string(),
  out_trade_no: z.string().max(64),
  out_refund_no: z.string().max(64),
  refund_status: z.enum(['SUCCESS', 'CLOSED', 'ABNORMAL']),
  success_time: z.string().optional(),
  amount: z.object({ total: z.number().int(), refund: z.number().int() }).passthrough()
});

function decrypted(
  gateway: PayGateway,
  body: string
): { event: string; resource: unknown } | NotificationAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail(400, '通知不是 JSON');
  }
  const outer = envelope.safeParse(parsed);
  if (!outer.success) return fail(400, '通知格式不符');
  try {
    return {
      event: outer.data.event_type,
      resource: JSON.parse(decryptResource(outer.data.resource, gateway.apiV3Key))
    };
  } catch {
    return fail(400, '通知解密失败');
  }
}

async function onTransaction(
  gateway: PayGateway,
  event: string,
  resource: unknown
): Promise<NotificationAnswer> {
  const parsed = transaction.safeParse(resource);
  if (!parsed.success) return fail(400, '支付通知内容不符');
  const trade = parsed.data as WechatTransaction;
  const { mchid, appid } = gateway.credentials;
  if (trade.mchid !== mchid || trade.appid !== appid) return fail(400, '商户号或 appid 不符');
  if (trade.trade_state !== 'SUCCESS') return OK; // nothing to apply
  try {
    await storeReceipt(event, trade);
  } catch (error) {
    // Not stored, so not answered 204: WeChat sends it again.
    return { ...fail(503, '系统繁忙，请稍后重试'), error };
  }
  return OK;
}

async function onRefund(gateway: PayGateway, resource: unknown): Promise<NotificationAnswer> {
  const parsed = refund.safeParse(resource);
  if (!parsed.success) return fail(400, '退款通知内容不符');
  if (parsed.data.mchid !== gateway.credentials.mchid) return fail(400, '商户号不符');
  const found = await recordRefundOutcome(parsed.data as WechatRefund);
  return found ? OK : fail(404, '退款单不存在');
}

/** Checks one notification and applies it; never throws (a bug answers 500 and WeChat retries). */
export async function handleNotification(
  runtime: PayRuntime,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string
): Promise<NotificationAnswer> {
  const { gateway } = await runtime.current();
  if (!gateway) return fail(503, '微信支付尚未配置');
  const message: SignedMessage | null = signedMessageOf(headers, rawBody);
  const problem = await signatureProblem(message, gateway.platformKeys.keyFor, Date.now());
  if (problem) return fail(401, SIGNATURE_PROBLEM_MESSAGES[problem]);
  const opened = decrypted(gateway, rawBody);
  if ('status' in opened) return opened;
  if (opened.event === 'TRANSACTION.SUCCESS') return onTransaction(gateway, opened.event, opened.resource);
  if (opened.event.startsWith('REFUND.')) return onRefund(gateway, opened.resource);
  return OK; // an event we do not act on
}
