import WxPay from 'wechatpay-node-v3';
import type { RequestPaymentParams } from '@dealer/shared';
import { badGateway } from '../../lib/errors';
import type { MerchantCredentials } from './merchant-credentials';
import { apiV3KeyBytes } from './pay-crypto';
import { PlatformKeys, requestNonce } from './platform-keys';
import { PayHttp, WECHATPAY_OFFICIAL_BASE, type PayHttpAnswer } from './wechatpay-http';

/**
 * Our calls to WeChat Pay API v3, through `wechatpay-node-v3` (request signing, the JSAPI
 * payment parameters, query, close, refunds) with our HTTP layer injected (base URL, timeout,
 * answer signatures) and our platform-key store (both key modes).
 */

/** A transaction as WeChat reports it (query answer, or a decrypted notification). */
export interface WechatTransaction {
  mchid: string;
  appid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: string;
  amount?: { total: number; currency?: string; payer_total?: number };
  success_time?: string;
  payer?: { openid?: string };
}

export interface JsapiOrder {
  description: string;
  outTradeNo: string;
  expiresAt: Date;
  notifyUrl: string;
  amountFen: number;
  openid: string;
}

/** RFC 3339 in Asia/Shanghai, as WeChat's time_expire wants it. */
export function shanghaiRfc3339(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

function failure(what: string, answer: PayHttpAnswer): never {
  const code = (answer.data as { code?: string } | undefined)?.code;
  throw badGateway('WECHATPAY_UNAVAILABLE', `微信支付${what}失败，请稍后再试`, {
    status: answer.status,
    code: code ?? null,
    signature: answer.signature ?? null
  });
}

export class PayGateway {
  private readonly wx: WxPay;
  readonly platformKeys: PlatformKeys;
  readonly apiV3Key: Buffer;

  constructor(
    readonly credentials: MerchantCredentials,
    options: { baseUrl: string; timeoutMs: number }
  ) {
    this.apiV3Key = apiV3KeyBytes(credentials.apiV3Key);
    this.wx = new WxPay({
      appid: credentials.appid,
      mchid: credentials.mchid,
      serial_no: credentials.merchantSerial,
      publicKey: Buffer.from(credentials.certificatePem),
      privateKey: Buffer.from(credentials.privateKeyPem),
      key: credentials.apiV3Key
    });
    const certificatesPath = '/v3/certificates';
    this.platformKeys = new PlatformKeys({
      publicKey:
        credentials.publicKeyId && credentials.platformPublicKeyPem
          ? { id: credentials.publicKeyId, pem: credentials.platformPublicKeyPem }
          : null,
      apiV3Key: this.apiV3Key,
      fetchCertificates: () =>
        http.get(WECHATPAY_OFFICIAL_BASE + certificatesPath, this.signedGetHeaders(certificatesPath))
    });
    const http = new PayHttp({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs,
      keyFor: this.platformKeys.keyFor,
      unsignedPaths: [certificatesPath]
    });
    this.wx.createHttp(http);
  }

  private signedGetHeaders(path: string): Record<string, string> {
    const nonce = requestNonce();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = this.wx.getSignature('GET', nonce, timestamp, path);
    return {
      Authorization: this.wx.getAuthorization(nonce, timestamp, signature),
      'User-Agent': 'dealer-engagement'
    };
  }

  /** JSAPI order → the `requestPayment` parameters (prepay_id inside `package`). */
  async createJsapi(order: JsapiOrder): Promise<{ prepayId: string; payment: RequestPaymentParams }> {
    const answer = (await this.wx.transactions_jsapi({
      description: order.description,
      out_trade_no: order.outTradeNo,
      time_expire: shanghaiRfc3339(order.expiresAt),
      notify_url: order.notifyUrl,
      amount: { total: order.amountFen, currency: 'CNY' },
      payer: { openid: order.openid }
    })) as PayHttpAnswer;
    const payment = answer.data as RequestPaymentParams | undefined;
    if (answer.status !== 200 || !payment?.package?.startsWith('prepay_id=')) failure('下单', answer);
    return { prepayId: payment.package.slice('prepay_id='.length), payment: { ...payment, signType: 'RSA' } };
  }

  /** Fresh `requestPayment` parameters for a stored prepay_id (paying again later). */
  paymentParams(prepayId: string): RequestPaymentParams {
    const base = {
      appId: this.credentials.appid,
      timeStamp: String(Math.floor(Date.now() / 1000)),
      nonceStr: requestNonce(),
      package: `prepay_id=${prepayId}`
    };
    const paySign = this.wx.sha256WithRsa(
      `${base.appId}\n${base.timeStamp}\n${base.nonceStr}\n${base.package}\n`
    );
    return { ...base, signType: 'RSA', paySign };
  }

  /** The order at WeChat; null when WeChat has no such order. */
  async query(outTradeNo: string): Promise<WechatTransaction | null> {
    const answer = (await this.wx.query({ out_trade_no: outTradeNo })) as PayHttpAnswer;
    if (answer.status === 404) return null;
    if (answer.status !== 200) failure('查单', answer);
    return answer.data as WechatTransaction;
  }

  /** Closes the order at WeChat (an order already paid cannot be closed: the caller queries). */
  async close(outTradeNo: string): Promise<void> {
    const answer = (await this.wx.close(outTradeNo)) as PayHttpAnswer;
    if (answer.status !== 204 && answer.status !== 200) failure('关单', answer);
  }

  async refund(r: {
    outTradeNo: string;
    outRefundNo: string;
    totalFen: number;
    reason: string;
    notifyUrl: string;
  }): Promise<{ status: string }> {
    const answer = (await this.wx.refunds({
      out_trade_no: r.outTradeNo,
      out_refund_no: r.outRefundNo,
      reason: r.reason.slice(0, 80),
      notify_url: r.notifyUrl,
      amount: { refund: r.totalFen, total: r.totalFen, currency: 'CNY' }
    })) as PayHttpAnswer;
    if (answer.status !== 200) failure('退款', answer);
    return answer.data as { status: string };
  }

  async findRefund(outRefundNo: string): Promise<{ status: string } | null> {
    const answer = (await this.wx.find_refunds(outRefundNo)) as PayHttpAnswer;
    if (answer.status === 404) return null;
    if (answer.status !== 200) failure('查询退款', answer);
    return answer.data as { status: string };
  }
}
