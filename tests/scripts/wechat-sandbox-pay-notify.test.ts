/** The sandbox's WeChat Pay notifications, control operations and scripted faults. */
import { generatePayKeys, type PayKeys } from '../../scripts/pay-keys';
import {
  NOTIFY_RETRY_SCHEDULE_MS,
  type PayOptions,
  type RunningSandbox,
  startWechatSandbox
} from '../../scripts/wechat-sandbox';
import {
  type NotifyReceiver,
  answerVerifies,
  authorization,
  openNotification,
  payCall,
  startNotifyReceiver,
  verifyWechatpaySignature
} from '../support/pay-merchant';

const APPID = 'wxtest0000000001';
const OPENID = 'oUser000000000000000000000001';

let keys: PayKeys;
let sb: RunningSandbox;
let receiver: NotifyReceiver;
const extra: RunningSandbox[] = [];

async function sandbox(pay: Partial<PayOptions> = {}): Promise<RunningSandbox> {
  const started = await startWechatSandbox({
    appid: APPID,
    secret: 's',
    pay: { keys, mode: 'certificate', timeScale: 1000, ...pay }
  });
  extra.push(started);
  return started;
}

beforeAll(async () => {
  keys = generatePayKeys({ appid: APPID });
  receiver = await startNotifyReceiver();
  sb = await sandbox();
});
afterAll(async () => {
  await Promise.all(extra.map((s) => s.stop()));
  await receiver.stop();
});
beforeEach(() => {
  sb.state.reset();
  receiver.received.length = 0;
  // A merchant that checks signatures: 204 when valid, 401 with WeChat's expected body otherwise.
  receiver.answer = (n) => {
    const header = (name: string) => n.headers[name] as string | undefined;
    return verifyWechatpaySignature(keys, header, n.body)
      ? { status: 204 }
      : { status: 401, body: '{"code":"FAIL","message":"签名错误"}' };
  };
});

async function placeOrder(on: RunningSandbox, outTradeNo: string, total = 129900): Promise<void> {
  const res = await payCall(on.url, keys, 'POST', '/v3/pay/transactions/jsapi', {
    appid: APPID,
    mchid: keys.mchid,
    description: '4次定保套餐',
    out_trade_no: outTradeNo,
    notify_url: receiver.url,
    attach: 'order-1',
    amount: { total },
    payer: { openid: OPENID }
  });
  expect(res.status).toBe(200);
}

describe('payment notifications', () => {
  it('complete(): TRANSACTION.SUCCESS signed over the exact body, resource decrypts to the paid trade', async () => {
    await placeOrder(sb, 'NOTIFY0001');
    const trade = sb.state.pay!.complete('NOTIFY0001');
    await sb.state.pay!.idle();
    expect(receiver.received).toHaveLength(1);
    const [n] = receiver.received;
    expect(n!.headers['wechatpay-serial']).toBe(keys.platformSerial);
    expect(n!.headers['wechatpay-signature-type']).toBe('WECHATPAY2-SHA256-RSA2048');
    expect(Math.abs(Number(n!.headers['wechatpay-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    const { valid, event, resource } = openNotification(keys, n!);
    expect(valid).toBe(true);
    expect(event).toMatchObject({
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: {
        original_type: 'transaction',
        algorithm: 'AEAD_AES_256_GCM',
        associated_data: 'transaction'
      }
    });
    expect(resource).toMatchObject({
      appid: APPID,
      mchid: keys.mchid,
      out_trade_no: 'NOTIFY0001',
      transaction_id: trade.transactionId,
      trade_state: 'SUCCESS',
      trade_type: 'JSAPI',
      attach: 'order-1',
      payer: { openid: OPENID },
      amount: { total: 129900, payer_total: 129900, currency: 'CNY' }
    });
    // Re-serialising the body breaks the signature: a merchant must verify the raw bytes.
    const reserialised = JSON.stringify(JSON.parse(n!.body), null, 1);
    expect(verifyWechatpaySignature(keys, (h) => n!.headers[h] as string, reserialised)).toBe(false);
    const [record] = sb.state.pay!.notifications({ outTradeNo: 'NOTIFY0001' });
    expect(record).toMatchObject({ status: 'acknowledged', purpose: 'delivery', body: n!.body });
    expect(record!.attempts).toEqual([expect.objectContaining({ status: 204, badSignature: false })]);
  });

  it('public-key mode: the serial is the PUB_KEY_ID_ and the public key verifies it', async () => {
    sb.state.pay!.setMode('public-key');
    await placeOrder(sb, 'NOTIFY0002');
    sb.state.pay!.complete('NOTIFY0002');
    await sb.state.pay!.idle();
    const [n] = receiver.received;
    expect(n!.headers['wechatpay-serial']).toBe(keys.publicKeyId);
    expect(openNotification(keys, n!).valid).toBe(true);
  });

  it("retries on WeChat's schedule (scaled) with the same body and fresh nonces until a 2xx answer", async () => {
    receiver.answer = (_n, i) =>
      i < 3 ? { status: 500, body: '{"code":"FAIL","message":"busy"}' } : { status: 200 };
    await placeOrder(sb, 'NOTIFY0003');
    sb.state.pay!.complete('NOTIFY0003');
    await sb.state.pay!.idle();
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((n) => n.body)).size).toBe(1);
    expect(new Set(receiver.received.map((n) => n.headers['wechatpay-nonce'])).size).toBe(4);
    const gaps = receiver.received.slice(1).map((n, i) => n.at - receiver.received[i]!.at);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(NOTIFY_RETRY_SCHEDULE_MS[i]! / 1000 - 2));
    const [record] = sb.state.pay!.notifications({ outTradeNo: 'NOTIFY0003' });
    expect(record!.status).toBe('acknowledged');
    expect(record!.attempts.map((a) => a.status)).toEqual([500, 500, 500, 200]);
    expect(record!.attempts[0]!.answer).toContain('busy');
  });

  it('gives up after the 15 retries of the schedule (about 24 h, compressed)', async () => {
    const fast = await sandbox({ timeScale: 200_000 });
    receiver.answer = () => ({ status: 503 });
    await placeOrder(fast, 'NOTIFY0004');
    fast.state.pay!.complete('NOTIFY0004');
    await fast.state.pay!.idle();
    expect(NOTIFY_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0) / 3_600_000).toBeCloseTo(24.07, 1);
    const [record] = fast.state.pay!.notifications();
    expect(record!.attempts).toHaveLength(16);
    expect(record!.status).toBe('gave-up');
  });

  it('an answer slower than the timeout counts as a failure and is retried', async () => {
    const impatient = await sandbox({ notifyTimeoutMs: 150 });
    receiver.answer = (_n, i) => (i === 0 ? { status: 204, hangMs: 600 } : { status: 204 });
    await placeOrder(impatient, 'NOTIFY0005');
    impatient.state.pay!.complete('NOTIFY0005');
    await impatient.state.pay!.idle();
    const [record] = impatient.state.pay!.notifications();
    expect(record!.attempts[0]).toMatchObject({ error: 'timeout' });
    expect(record!.attempts[0]!.status).toBeUndefined();
    expect(record!.attempts[1]).toMatchObject({ status: 204 });
    expect(record!.status).toBe('acknowledged');
  });

  it('loseNotifications(): paid, nothing sent; the merchant finds out by querying', async () => {
    await placeOrder(sb, 'NOTIFY0006');
    sb.state.pay!.loseNotifications('NOTIFY0006');
    await sb.state.pay!.idle();
    expect(receiver.received).toEqual([]);
    expect(sb.state.pay!.notifications()).toEqual([]);
    const q = await payCall(
      sb.url,
      keys,
      'GET',
      `/v3/pay/transactions/out-trade-no/NOTIFY0006?mchid=${keys.mchid}`
    );
    expect(q.json.trade_state).toBe('SUCCESS');
  });

  it('loseNotifications() on a paid order stops the retries still pending', async () => {
    const slow = await sandbox({ timeScale: 1 }); // first retry in 15 s
    receiver.answer = () => ({ status: 500 });
    await placeOrder(slow, 'NOTIFY0007');
    slow.state.pay!.complete('NOTIFY0007');
    await new Promise((r) => setTimeout(r, 300));
    slow.state.pay!.loseNotifications('NOTIFY0007');
    await slow.state.pay!.idle();
    expect(slow.state.pay!.notifications()[0]).toMatchObject({ status: 'cancelled' });
    expect(receiver.received).toHaveLength(1);
  });

  it('duplicateNotification(): 20 copies at once, same id and body, each answered', async () => {
    await placeOrder(sb, 'NOTIFY0008');
    sb.state.pay!.complete('NOTIFY0008');
    await sb.state.pay!.idle();
    const copies = await sb.state.pay!.duplicateNotification('NOTIFY0008', 20);
    expect(copies).toHaveLength(20);
    expect(receiver.received).toHaveLength(21);
    expect(new Set(receiver.received.map((n) => n.body)).size).toBe(1);
    expect(receiver.received.every((n) => openNotification(keys, n).valid)).toBe(true);
    expect(copies.every((c) => c.status === 'acknowledged' && c.purpose === 'duplicate')).toBe(true);
    await expect(sb.state.pay!.duplicateNotification('NOPE0001', 2)).rejects.toThrow(/no order/);
  });

  it('probe(): the signature starts WECHATPAY/SIGNTEST/ and does not verify; the answer is recorded', async () => {
    const record = await sb.state.pay!.probe(receiver.url);
    const [n] = receiver.received;
    expect(String(n!.headers['wechatpay-signature'])).toMatch(/^WECHATPAY\/SIGNTEST\//);
    expect(openNotification(keys, n!).valid).toBe(false);
    expect(record).toMatchObject({ purpose: 'probe', status: 'refused' });
    expect(record.attempts[0]).toMatchObject({ status: 401, badSignature: true });
  });

  it('a notify fault sends one notification with a wrong signature; the retry is valid', async () => {
    sb.state.pay!.fault({ path: 'notify', kind: 'bad-signature' });
    await placeOrder(sb, 'NOTIFY0009');
    sb.state.pay!.complete('NOTIFY0009');
    await sb.state.pay!.idle();
    expect(receiver.received.map((n) => openNotification(keys, n).valid)).toEqual([false, true]);
    const [record] = sb.state.pay!.notifications();
    expect(record!.attempts.map((a) => [a.status, a.badSignature])).toEqual([
      [401, true],
      [204, false]
    ]);
  });
});

describe('refund notifications', () => {
  async function paidWithRefund(on: RunningSandbox, no: string, outRefundNo: string) {
    await placeOrder(on, no);
    on.state.pay!.loseNotifications(no);
    const res = await payCall(on.url, keys, 'POST', '/v3/refund/domestic/refunds', {
      out_trade_no: no,
      out_refund_no: outRefundNo,
      notify_url: receiver.url,
      amount: { refund: 129900, total: 129900, currency: 'CNY' }
    });
    expect(res.status).toBe(200);
    return res.json;
  }

  it('REFUND.SUCCESS once the refund settles, resource decrypting to the refund', async () => {
    const refund = await paidWithRefund(sb, 'RNOTIFY001', 'RN-001');
    await sb.state.pay!.idle();
    const [n] = receiver.received;
    const { valid, event, resource } = openNotification(keys, n!);
    expect(valid).toBe(true);
    expect(event).toMatchObject({ event_type: 'REFUND.SUCCESS', resource: { original_type: 'refund' } });
    expect(resource).toMatchObject({
      mchid: keys.mchid,
      out_trade_no: 'RNOTIFY001',
      out_refund_no: 'RN-001',
      refund_id: refund.refund_id,
      refund_status: 'SUCCESS',
      amount: { total: 129900, refund: 129900 }
    });
  });

  it('refundOutcome(): scripted ahead, or at once for a refund still PROCESSING', async () => {
    const slow = await sandbox({ timeScale: 10 }); // refunds settle after 0.5 s
    slow.state.pay!.refundOutcome('RN-002', 'ABNORMAL');
    await paidWithRefund(slow, 'RNOTIFY002', 'RN-002');
    await paidWithRefund(slow, 'RNOTIFY003', 'RN-003');
    expect(slow.state.pay!.refundOutcome('RN-003', 'CLOSED')).toMatchObject({ status: 'CLOSED' });
    expect(() => slow.state.pay!.refundOutcome('RN-003', 'SUCCESS')).toThrow(/already CLOSED/);
    await slow.state.pay!.idle();
    const events = receiver.received.map((n) => openNotification(keys, n));
    expect(events.map((e) => [e.event.event_type, e.resource.out_refund_no]).sort()).toEqual([
      ['REFUND.ABNORMAL', 'RN-002'],
      ['REFUND.CLOSED', 'RN-003']
    ]);
    const trade = await payCall(
      slow.url,
      keys,
      'GET',
      `/v3/pay/transactions/out-trade-no/RNOTIFY003?mchid=${keys.mchid}`
    );
    expect(trade.json.trade_state).toBe('SUCCESS'); // a closed refund leaves the payment as it was
  });
});

describe('API faults', () => {
  const order = (no: string) => ({
    appid: APPID,
    mchid: keys.mchid,
    description: '定保',
    out_trade_no: no,
    notify_url: receiver.url,
    amount: { total: 100 },
    payer: { openid: OPENID }
  });

  it('5xx: 500 SYSTEM_ERROR without processing, for `times` calls', async () => {
    sb.state.pay!.fault({ path: '/v3/pay/transactions/jsapi', kind: '5xx', times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const res = await payCall(sb.url, keys, 'POST', '/v3/pay/transactions/jsapi', order('FAULT0001'));
      expect({ status: res.status, code: res.json.code }).toEqual({ status: 500, code: 'SYSTEM_ERROR' });
    }
    expect(sb.state.pay!.transactions()).toEqual([]);
    const res = await payCall(sb.url, keys, 'POST', '/v3/pay/transactions/jsapi', order('FAULT0001'));
    expect(res.status).toBe(200);
    expect(sb.state.calls({ path: '/v3/pay/transactions/jsapi' }).map((c) => c.fault)).toEqual([
      '5xx',
      '5xx',
      undefined
    ]);
  });

  it('timeout: the call takes effect but the answer comes too late for the client', async () => {
    sb.state.pay!.fault({ path: '/v3/pay/transactions/jsapi', kind: 'timeout', delayMs: 1500 });
    const body = JSON.stringify(order('FAULT0002'));
    await expect(
      fetch(`${sb.url}/v3/pay/transactions/jsapi`, {
        method: 'POST',
        headers: { authorization: authorization(keys, 'POST', '/v3/pay/transactions/jsapi', body) },
        body,
        signal: AbortSignal.timeout(300)
      })
    ).rejects.toThrow();
    expect(sb.state.pay!.transactions().map((t) => t.outTradeNo)).toEqual(['FAULT0002']);
  });

  it('bad-signature: a route template matches any order; the answer does not verify', async () => {
    await placeOrder(sb, 'FAULT0003');
    sb.state.pay!.fault({ path: '/v3/pay/transactions/out-trade-no/{out_trade_no}', kind: 'bad-signature' });
    const target = `/v3/pay/transactions/out-trade-no/FAULT0003?mchid=${keys.mchid}`;
    const bad = await payCall(sb.url, keys, 'GET', target);
    expect(bad.status).toBe(200);
    expect(answerVerifies(keys, bad)).toBe(false);
    expect(answerVerifies(keys, await payCall(sb.url, keys, 'GET', target))).toBe(true);
  });

  it('refuses faults it cannot apply', () => {
    const pay = sb.state.pay!;
    expect(() => pay.fault({ path: '/sns/jscode2session', kind: '5xx' })).toThrow(/path/);
    expect(() => pay.fault({ path: 'notify', kind: 'timeout' })).toThrow(/notify/);
    expect(() => pay.fault({ path: '/v3/certificates', kind: 'slow' as never })).toThrow(/kind/);
    expect(() => pay.fault({ path: '/v3/certificates', kind: '5xx', times: 0 })).toThrow(/times/);
    expect(pay.faults()).toEqual([]);
  });
});

describe('HTTP control (/__sandbox/pay/*)', () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sb.url}/__sandbox/pay${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('pays, duplicates, probes, scripts faults and modes, lists notifications', async () => {
    expect((await control('GET', '')).body).toMatchObject({ mode: 'certificate', mchid: keys.mchid });
    await placeOrder(sb, 'CONTROL001');
    const paid = await control('POST', '/complete', { outTradeNo: 'CONTROL001' });
    expect(paid.body.transaction).toMatchObject({ state: 'SUCCESS', outTradeNo: 'CONTROL001' });
    await control('POST', '/idle');
    const dup = await control('POST', '/duplicate-notification', { outTradeNo: 'CONTROL001', times: 3 });
    expect(dup.body.notifications).toHaveLength(3);
    const probe = await control('POST', '/probe', { notifyUrl: receiver.url });
    expect(probe.body.notification).toMatchObject({ purpose: 'probe', status: 'refused' });
    const listed = await control('GET', '/notifications?out_trade_no=CONTROL001');
    expect(listed.body.notifications).toHaveLength(4);
    expect((await control('POST', '/mode', { mode: 'public-key' })).body).toMatchObject({
      mode: 'public-key'
    });
    const fault = await control('POST', '/faults', { path: '/v3/certificates', kind: '5xx' });
    expect(fault.body.fault).toMatchObject({ remaining: 1 });
    expect((await control('DELETE', '/faults')).status).toBe(200);
    expect((await control('GET', '/faults')).body).toEqual({ faults: [] });
    const outcome = await control('POST', '/refund-outcome', { outRefundNo: 'LATER-1', outcome: 'CLOSED' });
    expect(outcome.body).toEqual({ refund: null });
  });

  it('answers 400 to bad input and 404 to unknown operations, changing nothing', async () => {
    expect((await control('POST', '/complete', {})).status).toBe(400);
    expect((await control('POST', '/complete', { outTradeNo: 'NOPE0001' })).status).toBe(400);
    expect((await control('POST', '/mode', { mode: 'plain' })).status).toBe(400);
    expect((await control('POST', '/refund-outcome', { outRefundNo: 'X', outcome: 'MAYBE' })).status).toBe(
      400
    );
    expect(
      (await control('POST', '/duplicate-notification', { outTradeNo: 'X', times: 'many' })).status
    ).toBe(400);
    expect((await control('POST', '/nothing')).status).toBe(404);
    expect(sb.state.pay!.mode).toBe('certificate');
  });

  it('a sandbox started without pay answers 404 on /v3 and /__sandbox/pay', async () => {
    const plain = await startWechatSandbox({ appid: APPID, secret: 's' });
    extra.push(plain);
    expect((await fetch(`${plain.url}/v3/certificates`)).status).toBe(404);
    expect((await fetch(`${plain.url}/__sandbox/pay`)).status).toBe(404);
  });
});
