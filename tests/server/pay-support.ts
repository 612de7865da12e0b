import { createCipheriv, createSign, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import request from 'supertest';
import type { PayOrderCreatedResponse, RewardItemView } from '@dealer/shared';
import type { PayKeys } from '../../scripts/pay-keys';
import { PayOrder } from '../../server/src/modules/pay/pay-order.model';
import { makeDealership, makeStaff } from '../support/factories';
import type { TestContext } from '../support/harness';
import { makeMember, makeReward } from './points-support';

/** Helpers of the WeChat Pay tests: a store with a cash item, orders, notifications made by hand. */

export const PACKAGE = {
  name: '4 次定保',
  description: '四次常规保养',
  kind: 'package',
  price: { points: 0, cashFen: 129_900 },
  uses: 4,
  stock: 50,
  perOwnerLimit: 5,
  validDays: 365
} as const;

export async function payStore(ctx: TestContext, fields: Record<string, unknown> = {}) {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const item: RewardItemView = await makeReward(ctx, manager, { ...PACKAGE, ...fields });
  return { dealership, manager, item };
}

export async function buyer(ctx: TestContext, dealershipId: Types.ObjectId, points = 0) {
  return makeMember(ctx, dealershipId, {}, points);
}

export async function placeOrder(ctx: TestContext, auth: Record<string, string>, itemId: string) {
  const res = await ctx.http().post('/api/pay/orders').set(auth).send({ itemId }).expect(201);
  return res.body as PayOrderCreatedResponse;
}

export const orderOf = (id: string) => PayOrder.findById(id).lean();

/** Polls until `check` holds (notifications arrive asynchronously). */
export async function until<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  timeoutMs = 10_000
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() - start > timeoutMs)
      throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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

/**
 * Posts a notification as WeChat does. Plain supertest, not the contract-checked agent: the
 * notify URL speaks WeChat's protocol (`{"code":"FAIL","message"}`), not our API's error body.
 */
export function postNotification(ctx: TestContext, n: HandMadeNotification) {
  return request(ctx.server).post('/api/pay/notifications').set(n.headers).send(n.body);
}
