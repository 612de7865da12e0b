/** The sandbox's WeChat Pay API v3: authentication, signed answers, orders, refunds, certificates. */
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { generatePayKeys, type PayKeys } from '../../scripts/pay-keys';
import { type RunningSandbox, startWechatSandbox } from '../../scripts/wechat-sandbox';
import {
  answerVerifies,
  authorization,
  decryptResource,
  payCall,
  type PayResponse,
  type Resource
} from '../support/pay-merchant';

const APPID = 'wxtest0000000001';
const NOTIFY = 'https://merchant.example.com/pay/notify';

let keys: PayKeys;
let sb: RunningSandbox;

beforeAll(async () => {
  keys = generatePayKeys({ appid: APPID });
  sb = await startWechatSandbox({
    appid: APPID,
    secret: 's',
    pay: { keys, mode: 'certificate', timeScale: 1000 }
  });
});
afterAll(async () => {
  await sb.stop();
});
beforeEach(() => sb.state.reset());

const pay = () => sb.state.pay!;
const call = (method: 'GET' | 'POST', target: string, body?: unknown, o = {}) =>
  payCall(sb.url, keys, method, target, body, o);

function order(outTradeNo: string, over: Record<string, unknown> = {}) {
  return {
    appid: APPID,
    mchid: keys.mchid,
    description: '4次定保套餐',
    out_trade_no: outTradeNo,
    notify_url: NOTIFY,
    amount: { total: 129900, currency: 'CNY' },
    payer: { openid: 'oUser000000000000000000000001' },
    ...over
  };
}

function expectError(res: PayResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.json.code }).toEqual({ status, code });
  expect(typeof res.json.message).toBe('string');
  expect(answerVerifies(keys, res)).toBe(true);
}

describe('authentication', () => {
  it('accepts a request signed with the merchant key and signs its answer with the platform key', async () => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('AUTH0001'));
    expect(res.status).toBe(200);
    expect(res.headers.get('wechatpay-serial')).toBe(keys.platformSerial);
    expect(res.headers.get('request-id')).toBeTruthy();
    expect(answerVerifies(keys, res)).toBe(true);
  });

  it.each([
    ['no Authorization header', { omit: true }],
    [
      'a signature by another key',
      {
        privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString()
      }
    ],
    ['a signature over other bytes', { signedBody: '{"tampered":true}' }],
    ['an unknown certificate serial', { serial: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' }],
    ['a timestamp six minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }],
    ['another merchant id', { mchid: '1900000999' }]
  ])('answers 401 SIGN_ERROR to %s and changes nothing', async (_what, overrides) => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('AUTH0002'), overrides);
    expectError(res, 401, 'SIGN_ERROR');
    expect(pay().transactions()).toEqual([]);
  });

  it('signs over the exact request target, query included', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('AUTH0003'));
    const path = `/v3/pay/transactions/out-trade-no/AUTH0003`;
    const res = await payCall(sb.url, keys, 'GET', `${path}?mchid=${keys.mchid}`);
    expect(res.status).toBe(200);
    const wrongTarget = await fetch(`${sb.url}${path}?mchid=${keys.mchid}`, {
      headers: { authorization: authorization(keys, 'GET', path, '') } // signed without the query
    });
    expect(wrongTarget.status).toBe(401);
  });

  it('accepts the merchant serial in lower case (as wechatpay-node-v3 reads it)', async () => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('AUTH0004'), {
      serial: keys.merchantSerial.toLowerCase()
    });
    expect(res.status).toBe(200);
  });

  it('signs with the public-key id in public-key mode, and its answers verify with the public key', async () => {
    pay().setMode('public-key');
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('MODE0001'));
    expect(res.status).toBe(200);
    expect(res.headers.get('wechatpay-serial')).toBe(keys.publicKeyId);
    expect(answerVerifies(keys, res)).toBe(true);
    expectError(
      await call('GET', '/v3/pay/transactions/out-trade-no/NOPE0001?mchid=' + keys.mchid),
      404,
      'ORDER_NOT_EXIST'
    );
  });
});

describe('JSAPI order', () => {
  it('answers a prepay_id, the same one for an identical repeat, and keeps the order NOTPAY', async () => {
    const first = await call('POST', '/v3/pay/transactions/jsapi', order('ORDER0001'));
    expect(first.json.prepay_id).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    const again = await call('POST', '/v3/pay/transactions/jsapi', order('ORDER0001'));
    expect(again.json.prepay_id).toBe(first.json.prepay_id);
    const q = await call('GET', `/v3/pay/transactions/out-trade-no/ORDER0001?mchid=${keys.mchid}`);
    expect(q.status).toBe(200);
    expect(q.json).toMatchObject({
      appid: APPID,
      mchid: keys.mchid,
      out_trade_no: 'ORDER0001',
      trade_state: 'NOTPAY',
      amount: { total: 129900 }
    });
    expect(q.json.transaction_id).toBeUndefined();
  });

  it('refuses the same out_trade_no with other parameters (403 OUT_TRADE_NO_USED)', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('ORDER0002'));
    const res = await call(
      'POST',
      '/v3/pay/transactions/jsapi',
      order('ORDER0002', { amount: { total: 1 } })
    );
    expectError(res, 403, 'OUT_TRADE_NO_USED');
    expect(pay().transactions()[0]!.total).toBe(129900);
  });

  const longDescription = '保'.repeat(43); // 129 bytes
  it.each([
    ['out_trade_no too short', { out_trade_no: 'A1' }],
    ['out_trade_no too long', { out_trade_no: 'A'.repeat(33) }],
    ['out_trade_no with a dot', { out_trade_no: 'ORDER.0003' }],
    ['amount 0', { amount: { total: 0 } }],
    ['amount negative', { amount: { total: -5 } }],
    ['amount in yuan with decimals', { amount: { total: 12.5 } }],
    ['amount as a string', { amount: { total: '100' } }],
    ['currency USD', { amount: { total: 100, currency: 'USD' } }],
    ['no amount', { amount: undefined }],
    ['http notify_url on a public host', { notify_url: 'http://merchant.example.com/notify' }],
    ['notify_url with a query', { notify_url: 'https://merchant.example.com/notify?x=1' }],
    ['notify_url not a URL', { notify_url: 'notify' }],
    ['description over 127 bytes', { description: longDescription }],
    ['empty description', { description: '' }],
    ['no payer', { payer: undefined }],
    ['time_expire not RFC 3339', { time_expire: '2026-12-05 21:00:00' }]
  ])('answers 400 PARAM_ERROR for %s and creates nothing', async (_what, over) => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('ORDER0003', over));
    expectError(res, 400, 'PARAM_ERROR');
    expect(pay().transactions()).toEqual([]);
  });

  it('accepts http://localhost and http://127.0.0.1 notify URLs (sandbox only), and the full alphabet of out_trade_no', async () => {
    for (const [no, url] of [
      ['a_b-c|d*e1', 'http://localhost:3000/api/pay/notify'],
      ['Z9_-|*', 'http://127.0.0.1:3000/api/pay/notify']
    ] as const) {
      const res = await call('POST', '/v3/pay/transactions/jsapi', order(no, { notify_url: url }));
      expect(res.status).toBe(200);
    }
  });

  it('refuses another appid, another mchid in the body, a body that is not JSON', async () => {
    expectError(
      await call('POST', '/v3/pay/transactions/jsapi', order('ORDER0004', { appid: 'wxother' })),
      400,
      'APPID_MCHID_NOT_MATCH'
    );
    expectError(
      await call('POST', '/v3/pay/transactions/jsapi', order('ORDER0004', { mchid: '1900000999' })),
      400,
      'MCH_NOT_EXISTS'
    );
    expectError(await call('POST', '/v3/pay/transactions/jsapi', '{not json'), 400, 'PARAM_ERROR');
    expect(pay().transactions()).toEqual([]);
  });

  it('refuses a time_expire in the past; cannot be paid after its time_expire', async () => {
    const past = new Date(Date.now() - 60_000).toISOString().replace('Z', '+00:00');
    expectError(
      await call('POST', '/v3/pay/transactions/jsapi', order('ORDER0005', { time_expire: past })),
      400,
      'INVALID_REQUEST'
    );
    const soon = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, '+00:00');
    expect(
      (await call('POST', '/v3/pay/transactions/jsapi', order('ORDER0006', { time_expire: soon }))).status
    ).toBe(200);
    sb.state.advanceClock(120_000);
    expect(() => pay().complete('ORDER0006')).toThrow(/expired/);
  });
});

describe('query, close', () => {
  it('closes an unpaid order (204, signed), which then cannot be ordered again or paid', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('CLOSE0001'));
    const closed = await call('POST', '/v3/pay/transactions/out-trade-no/CLOSE0001/close', {
      mchid: keys.mchid
    });
    expect(closed.status).toBe(204);
    expect(closed.text).toBe('');
    expect(answerVerifies(keys, closed)).toBe(true);
    const q = await call('GET', `/v3/pay/transactions/out-trade-no/CLOSE0001?mchid=${keys.mchid}`);
    expect(q.json).toMatchObject({ trade_state: 'CLOSED', trade_state_desc: '订单已关闭' });
    expectError(await call('POST', '/v3/pay/transactions/jsapi', order('CLOSE0001')), 400, 'ORDER_CLOSED');
    expect(() => pay().complete('CLOSE0001')).toThrow(/CLOSED/);
    expect(
      (await call('POST', '/v3/pay/transactions/out-trade-no/CLOSE0001/close', { mchid: keys.mchid })).status
    ).toBe(204);
  });

  it('a paid order: query by out_trade_no and by transaction_id; close and re-order answer ORDERPAID', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('PAID0001'));
    const trade = pay().loseNotifications('PAID0001');
    const q = await call('GET', `/v3/pay/transactions/out-trade-no/PAID0001?mchid=${keys.mchid}`);
    expect(q.json).toMatchObject({
      trade_state: 'SUCCESS',
      trade_type: 'JSAPI',
      transaction_id: trade.transactionId,
      payer: { openid: 'oUser000000000000000000000001' },
      amount: { total: 129900, payer_total: 129900, currency: 'CNY' }
    });
    expect(q.json.success_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const byId = await call('GET', `/v3/pay/transactions/id/${trade.transactionId!}?mchid=${keys.mchid}`);
    expect(byId.json).toEqual(q.json);
    expectError(
      await call('POST', '/v3/pay/transactions/out-trade-no/PAID0001/close', { mchid: keys.mchid }),
      400,
      'ORDERPAID'
    );
    expectError(await call('POST', '/v3/pay/transactions/jsapi', order('PAID0001')), 400, 'ORDERPAID');
  });

  it('answers 404 ORDER_NOT_EXIST, 400 for a missing or foreign mchid, 404 / 405 for unknown paths and methods', async () => {
    expectError(
      await call('GET', `/v3/pay/transactions/out-trade-no/NOPE0001?mchid=${keys.mchid}`),
      404,
      'ORDER_NOT_EXIST'
    );
    expectError(
      await call('GET', `/v3/pay/transactions/id/4200000000000000000000000000?mchid=${keys.mchid}`),
      404,
      'ORDER_NOT_EXIST'
    );
    expectError(
      await call('POST', '/v3/pay/transactions/out-trade-no/NOPE0001/close', { mchid: keys.mchid }),
      404,
      'ORDER_NOT_EXIST'
    );
    expectError(await call('GET', '/v3/pay/transactions/out-trade-no/NOPE0001'), 400, 'PARAM_ERROR');
    expectError(
      await call('GET', '/v3/pay/transactions/out-trade-no/NOPE0001?mchid=1900000999'),
      400,
      'MCH_NOT_EXISTS'
    );
    expectError(await call('GET', '/v3/pay/nothing-here'), 404, 'NOT_FOUND');
    expectError(await call('GET', '/v3/pay/transactions/jsapi'), 405, 'METHOD_NOT_ALLOWED');
  });
});

describe('refunds', () => {
  async function paidOrder(no: string, total = 129900): Promise<string> {
    await call('POST', '/v3/pay/transactions/jsapi', order(no, { amount: { total } }));
    return pay().loseNotifications(no).transactionId!;
  }
  const refund = (over: Record<string, unknown>) => ({
    out_trade_no: 'REFUND0001',
    out_refund_no: 'R-REFUND0001-1',
    reason: '未使用，申请退款',
    amount: { refund: 32475, total: 129900, currency: 'CNY' },
    ...over
  });

  it('accepts a refund (PROCESSING), repeats answer the same refund, and it settles SUCCESS', async () => {
    const transactionId = await paidOrder('REFUND0001');
    const res = await call('POST', '/v3/refund/domestic/refunds', refund({}));
    expect(res.status).toBe(200);
    expect(answerVerifies(keys, res)).toBe(true);
    expect(res.json).toMatchObject({
      out_refund_no: 'R-REFUND0001-1',
      out_trade_no: 'REFUND0001',
      transaction_id: transactionId,
      status: 'PROCESSING',
      amount: { refund: 32475, total: 129900, currency: 'CNY' }
    });
    const repeat = await call('POST', '/v3/refund/domestic/refunds', refund({}));
    expect(repeat.json.refund_id).toBe(res.json.refund_id);
    await pay().idle();
    const q = await call('GET', '/v3/refund/domestic/refunds/R-REFUND0001-1');
    expect(q.json).toMatchObject({ status: 'SUCCESS', refund_id: res.json.refund_id });
    expect(q.json.success_time).toMatch(/\+08:00$/);
    const trade = await call('GET', `/v3/pay/transactions/out-trade-no/REFUND0001?mchid=${keys.mchid}`);
    expect(trade.json.trade_state).toBe('REFUND');
  });

  it('refunds by transaction_id too, never beyond what was paid', async () => {
    const transactionId = await paidOrder('REFUND0002', 1000);
    const byId = {
      transaction_id: transactionId,
      out_trade_no: undefined,
      amount: { refund: 600, total: 1000, currency: 'CNY' }
    };
    expect(
      (await call('POST', '/v3/refund/domestic/refunds', refund({ ...byId, out_refund_no: 'R2-1' }))).status
    ).toBe(200);
    expectError(
      await call('POST', '/v3/refund/domestic/refunds', refund({ ...byId, out_refund_no: 'R2-2' })),
      400,
      'INVALID_REQUEST'
    );
    const rest = { ...byId, out_refund_no: 'R2-3', amount: { refund: 400, total: 1000, currency: 'CNY' } };
    expect((await call('POST', '/v3/refund/domestic/refunds', refund(rest))).status).toBe(200);
    expect(
      pay()
        .refunds()
        .map((r) => r.outRefundNo)
    ).toEqual(['R2-1', 'R2-3']);
  });

  it.each([
    ['an unknown order', 404, 'RESOURCE_NOT_EXISTS', { out_trade_no: 'NOPE0001' }],
    [
      'a total that is not the order total',
      400,
      'INVALID_REQUEST',
      { amount: { refund: 100, total: 999, currency: 'CNY' } }
    ],
    [
      'a refund above the total',
      400,
      'INVALID_REQUEST',
      { amount: { refund: 130000, total: 129900, currency: 'CNY' } }
    ],
    ['a refund of 0', 400, 'PARAM_ERROR', { amount: { refund: 0, total: 129900, currency: 'CNY' } }],
    ['no currency', 400, 'PARAM_ERROR', { amount: { refund: 100, total: 129900 } }],
    ['neither out_trade_no nor transaction_id', 400, 'PARAM_ERROR', { out_trade_no: undefined }],
    ['no out_refund_no', 400, 'PARAM_ERROR', { out_refund_no: undefined }],
    [
      'an http notify_url on a public host',
      400,
      'PARAM_ERROR',
      { notify_url: 'http://merchant.example.com/n' }
    ]
  ])('refuses %s (%i %s) and records no refund', async (_what, status, code, over) => {
    await paidOrder('REFUND0001');
    expectError(await call('POST', '/v3/refund/domestic/refunds', refund(over)), status, code);
    expect(pay().refunds()).toEqual([]);
  });

  it('refuses a refund of an unpaid order, and a reused out_refund_no with other amounts', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('REFUND0003'));
    expectError(
      await call('POST', '/v3/refund/domestic/refunds', refund({ out_trade_no: 'REFUND0003' })),
      400,
      'INVALID_REQUEST'
    );
    await paidOrder('REFUND0001');
    await call('POST', '/v3/refund/domestic/refunds', refund({}));
    const other = refund({ amount: { refund: 100, total: 129900, currency: 'CNY' } });
    expectError(await call('POST', '/v3/refund/domestic/refunds', other), 400, 'INVALID_REQUEST');
    expectError(await call('GET', '/v3/refund/domestic/refunds/NOPE'), 404, 'RESOURCE_NOT_EXISTS');
  });
});

describe('platform certificates', () => {
  it('lists the platform certificate encrypted with the APIv3 key, as WeChat does', async () => {
    const res = await call('GET', '/v3/certificates');
    expect(res.status).toBe(200);
    expect(answerVerifies(keys, res)).toBe(true);
    const [entry] = res.json.data as {
      serial_no: string;
      expire_time: string;
      encrypt_certificate: Resource;
    }[];
    expect(entry!.serial_no).toBe(keys.platformSerial);
    expect(entry!.encrypt_certificate).toMatchObject({
      algorithm: 'AEAD_AES_256_GCM',
      associated_data: 'certificate'
    });
    const pem = decryptResource(keys.apiV3Key, entry!.encrypt_certificate);
    expect(pem).toBe(keys.platformCertPem);
    expect(new X509Certificate(pem).serialNumber.toUpperCase()).toBe(keys.platformSerial);
    expect(entry!.expire_time).toMatch(/\+08:00$/);
  });
});
