import { createSign, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { buyer, orderOf, payStore, placeOrder, until } from './pay-support';

/** Merchant settings (never a key in the database or an answer) and bad input everywhere: 4xx, never 500. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { pay: { mode: 'certificate' } });
});
afterAll(() => ctx.close());

test('settings: read from the keys dir until saved; saving checks every key and never stores or answers one', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const advisor = await makeStaff('advisor', dealership._id);
  await ctx.http().get('/api/pay/settings').set(advisor.auth).expect(403);
  const before = await ctx.http().get('/api/pay/settings').set(manager.auth).expect(200);
  expect(before.body).toMatchObject({ source: 'keys-dir', mchid: ctx.payKeys!.mchid, keys: null });

  const keys = ctx.payKeys!;
  const dir = mkdtempSync(join(tmpdir(), 'pay-settings-'));
  writeFileSync(join(dir, 'key.pem'), keys.merchantPrivateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'cert.pem'), keys.merchantCertPem);
  writeFileSync(join(dir, 'public.pem'), keys.platformPublicKeyPem);
  process.env.TEST_PAY_APIV3_KEY = keys.apiV3Key;
  const body = {
    mchid: keys.mchid,
    appid: keys.appid,
    merchantSerial: keys.merchantSerial,
    publicKeyId: keys.publicKeyId,
    keys: {
      merchantPrivateKey: { from: 'file', path: join(dir, 'key.pem') },
      merchantCertificate: { from: 'file', path: join(dir, 'cert.pem') },
      apiV3Key: { from: 'env', name: 'TEST_PAY_APIV3_KEY' },
      platformPublicKey: { from: 'file', path: join(dir, 'public.pem') }
    }
  };
  const missing = await ctx
    .http()
    .put('/api/pay/settings')
    .set(manager.auth)
    .send({ ...body, keys: { ...body.keys, apiV3Key: { from: 'env', name: 'NO_SUCH_VARIABLE_SET' } } })
    .expect(422);
  expect(missing.body.error.code).toBe('PAY_KEY_UNREADABLE');
  const wrongSerial = await ctx
    .http()
    .put('/api/pay/settings')
    .set(manager.auth)
    .send({ ...body, merchantSerial: 'ABCDEF0123456789' })
    .expect(422);
  expect(wrongSerial.body.error.code).toBe('PAY_KEY_INVALID');

  const saved = await ctx.http().put('/api/pay/settings').set(manager.auth).send(body).expect(200);
  expect(saved.body).toMatchObject({
    source: 'settings',
    readable: { merchantPrivateKey: true, apiV3Key: true }
  });
  const text = JSON.stringify(saved.body);
  expect(text).not.toContain('PRIVATE KEY');
  expect(text).not.toContain(keys.apiV3Key);
  // Buying still works with the saved settings.
  const store = await payStore(ctx);
  const owner = await buyer(ctx, store.dealership._id);
  const { order } = await placeOrder(ctx, owner.auth, store.item.id);
  ctx.sandbox.state.pay!.complete(order.outTradeNo);
  await until(
    () => orderOf(order.id),
    (o) => o?.state === 'fulfilled'
  );
});

test('bad input: owner bodies, a demo payment outside demo mode, garbage notifications — 4xx, never 500', async () => {
  const store = await payStore(ctx);
  const owner = await buyer(ctx, store.dealership._id);
  for (const body of [
    {},
    { itemId: 'nope' },
    { itemId: store.item.id, extra: 1 },
    { itemId: { $ne: null } }
  ]) {
    const res = await ctx.http().post('/api/pay/orders').set(owner.auth).send(body);
    expect(res.status).toBe(400);
  }
  await ctx
    .http()
    .post('/api/pay/orders')
    .set(owner.auth)
    .send({ itemId: '000000000000000000000000' })
    .expect(404);
  const { order } = await placeOrder(ctx, owner.auth, store.item.id);
  expect((await ctx.http().post(`/api/pay/orders/${order.id}/demo-pay`).set(owner.auth)).status).toBe(404);
  const short = await ctx
    .http()
    .post(`/api/pay/orders/${order.id}/refund-request`)
    .set(owner.auth)
    .send({ reason: 'x' });
  expect(short.status).toBe(400);

  const notify = () => request(ctx.server).post('/api/pay/notifications');
  expect((await notify().set('Content-Type', 'application/json').send('{"broken":')).status).toBe(401);
  expect((await notify().send('x'.repeat(70_000))).status).toBe(413);
  // Signed correctly but not a notification: 400 with WeChat's FAIL body.
  const body = 'not json at all';
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .sign(ctx.payKeys!.platformPrivateKeyPem, 'base64');
  const garbage = await notify()
    .set({
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': signature,
      'Wechatpay-Serial': ctx.payKeys!.platformSerial
    })
    .send(body);
  expect(garbage.status).toBe(400);
  expect(garbage.body).toEqual({ code: 'FAIL', message: expect.any(String) });
});
