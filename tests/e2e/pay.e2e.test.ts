import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { clock } from '../../server/src/lib/clock';
import { makeDealership, makeStaff } from '../support/factories';
import { makeMember, makeReward } from '../server/points-support';
import { asOwner, asStaff, shown, useE2E } from './session';

/**
 * Issue 11 in the browser, against the WeChat sandbox's WeChat Pay: an owner buys a
 * maintenance package with 模拟支付 and sees the voucher; the desk uses one visit; the owner
 * buys a points+cash coupon, asks for its refund, the manager refunds it and the owner sees
 * it refunded with the points given back.
 */
const e2e = useE2E({ sandbox: { pay: { mode: 'public-key' } } });

const text = async (page: Page, hook: string) => (await page.textContent(shown(hook)))?.trim() ?? '';
const appear = (page: Page, hook: string) => page.waitForSelector(shown(hook), { timeout: 60_000 });

/** From the shop: 购买 on the named item, 提交订单, 模拟支付; answers the voucher code shown. */
async function buyWithDemoPay(owner: Page, itemName: string, price: string): Promise<string> {
  await owner.goto(e2e.url('/#/pages/owner/rewards/index'));
  const card = `.e2e-reward-item:has-text("${itemName}")`;
  await appear(owner, `${card} .e2e-reward-buy`);
  expect(await text(owner, `${card} .e2e-reward-price`)).toBe(price);
  expect(await text(owner, `${card} .e2e-reward-buy`)).toBe('购买');
  await owner.click(shown(`${card} .e2e-reward-buy`));
  await appear(owner, '.e2e-page-owner-pay-order .e2e-pay-confirm');
  expect(await text(owner, '.e2e-pay-item .e2e-pay-amount')).toBe(price);
  await owner.click(shown('.e2e-pay-confirm'));
  await appear(owner, '.e2e-pay-order-pending .e2e-pay-demo');
  expect(await text(owner, '.e2e-pay-order-state')).toBe('待支付');
  await owner.click(shown('.e2e-pay-demo'));
  await appear(owner, '.e2e-pay-order-fulfilled .e2e-pay-voucher');
  expect(await text(owner, '.e2e-pay-order-state')).toBe('已出券');
  return (await text(owner, '.e2e-pay-voucher .e2e-voucher-code-value')).replace(/\s/g, '');
}

test('an owner buys a package with 模拟支付 and sees the voucher; the desk uses a visit; a refund of an unused coupon', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  const desk = await makeStaff('advisor', dealership._id, '前台小王');
  await makeReward(e2e.app, manager, {
    name: '4次定保套餐',
    kind: 'package',
    uses: 4,
    validDays: 365,
    price: { points: 0, cashFen: 129900 },
    stock: 5
  });
  await makeReward(e2e.app, manager, { name: '精洗券', price: { points: 100, cashFen: 3000 }, stock: 5 });
  const member = await makeMember(e2e.app, dealership._id, { name: '张先生', mobile: '13912345678' }, 500);
  const pay = e2e.app.sandbox.state.pay!;

  // The owner buys the package: ¥ price, 购买, 提交订单, 模拟支付, the voucher.
  const owner = await e2e.newPage({ viewport: 'phone', as: asOwner(member.ownerId, member.token) });
  const packageCode = await buyWithDemoPay(owner, '4次定保套餐', '¥1,299.00');
  expect(packageCode).toMatch(/^[0-9A-Z]{10}$/);
  // WeChat told the server once, with a notification signed in public-key mode, acknowledged.
  const [notification] = pay.notifications();
  expect(notification).toMatchObject({ eventType: 'TRANSACTION.SUCCESS', status: 'acknowledged' });
  expect(pay.transactions()).toEqual([expect.objectContaining({ total: 129900, state: 'SUCCESS' })]);

  // The desk confirms one visit of the package.
  const counter = await e2e.newPage({ viewport: 'phone', as: asStaff(desk) });
  await counter.goto(e2e.url('/#/pages/staff/voucher-verify/index'));
  await appear(counter, '.e2e-verify-code input');
  await counter.fill(shown('.e2e-verify-code input'), packageCode);
  await counter.click(shown('.e2e-verify-lookup'));
  await appear(counter, '.e2e-verify-voucher');
  expect(await text(counter, '.e2e-verify-uses')).toContain('剩余 4 / 4 次');
  await counter.click(shown('.e2e-verify-confirm'));
  await appear(counter, '.e2e-verify-use');
  expect(await text(counter, '.e2e-verify-uses')).toContain('剩余 3 / 4 次');

  // The owner buys a points+cash coupon (100 points held, then spent).
  await buyWithDemoPay(owner, '精洗券', '¥30.00 + 100 积分');
  const points = async () =>
    (await e2e.app.http().get('/api/points/me').set(member.auth).expect(200)).body.accounts[0].balance;
  expect(await points()).toBe(400);

  // 我的订单: the used package cannot be refunded; the unused coupon's refund is asked for.
  await owner.goto(e2e.url('/#/pages/owner/pay-orders/index'));
  const packageOrder = '.e2e-pay-order:has-text("4次定保套餐")';
  const couponOrder = '.e2e-pay-order:has-text("精洗券")';
  await appear(owner, `${couponOrder} .e2e-pay-order-refund-ask`);
  expect(await text(owner, `${couponOrder} .e2e-pay-order-amount`)).toBe('¥30.00 + 100 积分');
  await owner.click(shown(`${packageOrder} .e2e-pay-order-refund-ask`));
  await owner.fill(shown('.e2e-refund-reason textarea'), '不想要了');
  await owner.click(shown('.e2e-confirm-ok'));
  await appear(owner, '.e2e-pay-orders-message');
  expect(await text(owner, '.e2e-pay-orders-message')).toBe('已使用过的券不能退款');
  await owner.click(shown(`${couponOrder} .e2e-pay-order-refund-ask`));
  await owner.click(shown('.e2e-confirm-ok'));
  await appear(owner, '.e2e-refund-reason .field__error');
  await owner.fill(shown('.e2e-refund-reason textarea'), '行程有变，用不上了');
  await owner.click(shown('.e2e-confirm-ok'));
  await appear(owner, `${couponOrder} .e2e-pay-order-refund`);
  expect(await text(owner, '.e2e-pay-orders-message')).toBe('已提交退款申请，门店确认后原路退款');
  expect(await text(owner, `${couponOrder} .e2e-pay-order-refund`)).toContain('等待门店处理');

  // The manager sees the request on the orders page and refunds in full.
  const office = await e2e.newPage({ viewport: 'phone', as: asStaff(manager) });
  await office.goto(e2e.url('/#/pages/manager/pay-orders/index'));
  const requested = '.e2e-pay-order:has(.e2e-pay-order-refund-request)';
  await appear(office, requested);
  expect(await text(office, `${requested} .e2e-pay-order-refund-request`)).toContain('行程有变，用不上了');
  expect(await text(office, `${requested} .e2e-pay-order-owner`)).toContain('张先生（尾号 5678）');
  await office.click(shown(`${requested} .e2e-pay-order-refund`));
  await office.click(shown('.e2e-confirm-ok'));
  await appear(office, '.e2e-pay-orders-message');
  await pay.idle();

  // The owner sees the coupon refunded and the points back; the package is untouched.
  await owner.reload();
  await appear(owner, `${couponOrder}.e2e-pay-order-refunded`);
  expect(await text(owner, `${couponOrder} .e2e-pay-order-state`)).toBe('已退款');
  expect(await text(owner, `${packageOrder} .e2e-pay-order-state`)).toBe('已出券');
  expect(await points()).toBe(500);
  expect(pay.refunds()).toEqual([expect.objectContaining({ refund: 3000, total: 3000, status: 'SUCCESS' })]);
});

test('a manager runs reconciliation (a payment whose notification was lost) and saves the merchant settings', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id, '钱经理');
  const item = await makeReward(e2e.app, manager, {
    name: '空调清洗',
    price: { points: 0, cashFen: 19900 },
    stock: 3
  });
  const member = await makeMember(e2e.app, dealership._id, { name: '李女士' });
  const created = await e2e.app
    .http()
    .post('/api/pay/orders')
    .set(member.auth)
    .send({ itemId: item.id })
    .expect(201);
  const pay = e2e.app.sandbox.state.pay!;
  pay.loseNotifications(created.body.order.outTradeNo);

  const office = await e2e.newPage({ viewport: 'phone', as: asStaff(manager) });
  await office.goto(e2e.url('/#/pages/manager/index/index'));
  await appear(office, '.e2e-manager-pay-reconciliation');
  await office.click(shown('.e2e-manager-pay-reconciliation'));
  await appear(office, '.e2e-pay-reconciliation-run');
  // Three minutes later: an order is queried once 2 minutes passed without a notification (and
  // WeChat's answers, stamped with the real time, stay within the server's 5-minute window).
  clock.set(() => new Date(Date.now() + 3 * 60_000));
  try {
    await office.click(shown('.e2e-pay-reconciliation-run'));
    await appear(office, '.e2e-pay-anomaly-paid_without_notification');
  } finally {
    clock.set(null);
  }
  expect(await text(office, '.e2e-pay-reconciliation-message')).toBe('对账完成');
  expect(await text(office, '.e2e-pay-reconciliation-last-run')).toContain('补发 1 笔');
  expect(await text(office, '.e2e-pay-anomaly-paid_without_notification')).toContain(
    created.body.order.outTradeNo
  );
  const order = await e2e.app
    .http()
    .get(`/api/pay/orders/${created.body.order.id}`)
    .set(member.auth)
    .expect(200);
  expect(order.body).toMatchObject({ state: 'fulfilled', paidVia: 'query' });

  // Settings: the keys dir is in force; the manager names files the server can read instead.
  const keys = e2e.app.payKeys!;
  const dir = mkdtempSync(join(tmpdir(), 'pay-settings-'));
  const file = (name: string, content: string) => {
    writeFileSync(join(dir, name), content, { mode: 0o600 });
    return join(dir, name);
  };
  const paths = {
    merchantPrivateKey: file('apiclient_key.pem', keys.merchantPrivateKeyPem),
    merchantCertificate: file('apiclient_cert.pem', keys.merchantCertPem),
    apiV3Key: file('apiv3.key', keys.apiV3Key),
    platformPublicKey: file('pub_key.pem', keys.platformPublicKeyPem)
  };
  await office.goto(e2e.url('/#/pages/manager/pay-settings/index'));
  await appear(office, '.e2e-pay-settings-source');
  expect(await text(office, '.e2e-pay-settings-source')).toContain('WECHATPAY_KEYS_DIR');
  await office.fill(shown('.e2e-pay-settings-mchid input'), keys.mchid);
  await office.fill(shown('.e2e-pay-settings-appid input'), keys.appid);
  await office.fill(shown('.e2e-pay-settings-serial input'), keys.merchantSerial);
  await office.fill(shown('.e2e-pay-settings-public-key-id input'), keys.publicKeyId);
  for (const [name, path] of Object.entries(paths)) {
    await office.fill(shown(`.e2e-pay-settings-${name}-where input`), path);
  }
  await office.click(shown('.e2e-pay-settings-save'));
  await appear(office, '.e2e-pay-settings-message');
  expect(await text(office, '.e2e-pay-settings-message')).toBe('已保存');
  expect(await text(office, '.e2e-pay-settings-source')).toBe('使用本页保存的设置');
  expect(await text(office, '.e2e-pay-settings-apiV3Key-readable')).toBe('服务器可读取');
  const page = await office.content();
  expect(page).not.toContain(keys.apiV3Key);
  rmSync(dir, { recursive: true, force: true });
});
