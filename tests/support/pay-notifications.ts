import { createCipheriv, createSign, randomBytes } from 'node:crypto';
import type { PayKeys } from '../../scripts/pay-keys';

/**
 * WeChat Pay notifications made by hand with node crypto, as WeChat makes them (tests and the
 * pay benchmark): encrypted resource, signed headers, a paid transaction.
 */

/** AES-256-GCM as WeChat encrypts a resource (ciphertext with the tag at its end). */
export function encryptResource(plain: unknown, apiV3Key: string, associatedData = 'transaction') {
  const nonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const data = Buffer.concat([
    cipher.update(JSON.stringify(plain), 'utf8'),
    cipher.final(),
    cipher.getAuthTag()
  ]);
  return {
    original_type: 'transaction',
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: data.toString('base64'),
    associated_data: associatedData,
    nonce
  };
}

export interface HandMadeNotification {
  body: string;
  headers: Record<string, string>;
}

/**
 * A notification signed with the platform key (node crypto, as WeChat does): `serial` picks the
 * mode (the platform certificate's serial or the PUB_KEY_ID_), `timestamp` may be made stale.
 */
export function signedNotification(
  keys: PayKeys,
  resource: unknown,
  opts: { eventType?: string; serial?: string; timestamp?: number; signWith?: string; id?: string } = {}
): HandMadeNotification {
  const body = JSON.stringify({
    id: opts.id ?? randomBytes(8).toString('hex'),
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: opts.eventType ?? 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: encryptResource(resource, keys.apiV3Key)
  });
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .sign(opts.signWith ?? keys.platformPrivateKeyPem, 'base64');
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': signature,
      'Wechatpay-Serial': opts.serial ?? keys.platformSerial,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048'
    }
  };
}

/** A paid transaction as WeChat reports it. */
export function paidTrade(keys: PayKeys, outTradeNo: string, total: number, openid = 'o-test') {
  return {
    mchid: keys.mchid,
    appid: keys.appid,
    out_trade_no: outTradeNo,
    transaction_id: `42000${randomBytes(8).toString('hex')}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: new Date().toISOString(),
    payer: { openid },
    amount: { total, payer_total: total, currency: 'CNY', payer_currency: 'CNY' }
  };
}
