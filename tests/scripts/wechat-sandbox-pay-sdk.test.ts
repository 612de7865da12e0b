/**
 * Cross-check: wechatpay-node-v3 (what the server uses) against the sandbox (node crypto
 * only). Its HTTP layer is replaced through `createHttp` to reach the sandbox's base URL.
 */
import { createVerify } from 'node:crypto';
import WxPay from 'wechatpay-node-v3';
import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import { generatePayKeys, type PayKeys } from '../../scripts/pay-keys';
import { type RunningSandbox, startWechatSandbox } from '../../scripts/wechat-sandbox';
import { type NotifyReceiver, startNotifyReceiver } from '../support/pay-merchant';

const APPID = 'wxtest0000000001';
const WECHATPAY = 'https://api.mch.weixin.qq.com';

let keys: PayKeys;
let sb: RunningSandbox;
let receiver: NotifyReceiver;
let sdk: WxPay;

/** Sends exactly what the SDK signed (JSON.stringify of its params) to the sandbox. */
function sandboxHttp(base: () => string): IPayRequest {
  const send = async (
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body?: string
  ) => {
    const res = await fetch(url.replace(WECHATPAY, base()), { method, headers, ...(body ? { body } : {}) });
    const text = await res.text();
    const data: unknown = text === '' ? undefined : JSON.parse(text);
    const out: Output = { status: res.status, data };
    return out;
  };
  return {
    post: (url, params, headers) =>
      send('POST', url, headers as Record<string, string>, JSON.stringify(params)),
    get: (url, headers) => send('GET', url, headers as Record<string, string>),
    upload: () => Promise.reject(new Error('not used'))
  };
}

beforeAll(async () => {
  keys = generatePayKeys({ appid: APPID });
  receiver = await startNotifyReceiver();
  sb = await startWechatSandbox({
    appid: APPID,
    secret: 's',
    pay: { keys, mode: 'certificate', timeScale: 1000 }
  });
  sdk = new WxPay({
    appid: APPID,
    mchid: keys.mchid,
    publicKey: Buffer.from(keys.merchantCertPem),
    privateKey: Buffer.from(keys.merchantPrivateKeyPem),
    key: keys.apiV3Key
  });
  sdk.createHttp(sandboxHttp(() => sb.url));
});
afterAll(async () => {
  await sb.stop();
  await receiver.stop();
});

it('orders, queries, pays, verifies the notification, refunds and closes through wechatpay-node-v3', async () => {
  const ordered = await sdk.transactions_jsapi({
    description: '4次定保套餐',
    out_trade_no: 'SDK00000001',
    notify_url: receiver.url,
    amount: { total: 129900 },
    payer: { openid: 'oUser000000000000000000000001' }
  });
  expect(ordered.status).toBe(200);
  const params = ordered.data as Record<string, string>;
  expect(params.package).toMatch(/^prepay_id=wx/);
  const signed = `${APPID}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`;
  expect(
    createVerify('RSA-SHA256').update(signed).verify(keys.merchantCertPem, params.paySign!, 'base64')
  ).toBe(true);

  sb.state.pay!.complete('SDK00000001');
  await sb.state.pay!.idle();
  const [n] = receiver.received;
  const header = (name: string) => String(n!.headers[name]);
  const valid = await sdk.verifySign({
    timestamp: header('wechatpay-timestamp'),
    nonce: header('wechatpay-nonce'),
    serial: header('wechatpay-serial'),
    signature: header('wechatpay-signature'),
    body: n!.body
  });
  expect(valid).toBe(true); // fetched /v3/certificates from the sandbox and read the platform certificate
  const event = JSON.parse(n!.body) as {
    resource: { ciphertext: string; associated_data: string; nonce: string };
  };
  const resource = sdk.decipher_gcm<{ out_trade_no: string; trade_state: string }>(
    event.resource.ciphertext,
    event.resource.associated_data,
    event.resource.nonce
  );
  expect(resource).toMatchObject({ out_trade_no: 'SDK00000001', trade_state: 'SUCCESS' });

  const queried = await sdk.query({ out_trade_no: 'SDK00000001' });
  expect(queried).toMatchObject({ status: 200, data: { trade_state: 'SUCCESS' } });
  const refunded = await sdk.refunds({
    out_trade_no: 'SDK00000001',
    out_refund_no: 'SDK-R-1',
    amount: { refund: 129900, total: 129900, currency: 'CNY' }
  });
  expect(refunded).toMatchObject({ status: 200, data: { status: 'PROCESSING' } });
  await sb.state.pay!.idle();
  expect(await sdk.find_refunds('SDK-R-1')).toMatchObject({ status: 200, data: { status: 'SUCCESS' } });

  await sdk.transactions_jsapi({
    description: '洗车券',
    out_trade_no: 'SDK00000002',
    notify_url: receiver.url,
    amount: { total: 3000 },
    payer: { openid: 'oUser000000000000000000000001' }
  });
  expect((await sdk.close('SDK00000002')).status).toBe(204);
});
