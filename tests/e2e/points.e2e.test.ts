import type { Page } from 'playwright-core';
import { makeDealership, makeStaff } from '../support/factories';
import { Voucher, VoucherUse } from '../../server/src/modules/points/voucher.model';
import { makeMember, makeReward } from '../server/points-support';
import { decodeQrModules } from '../support/qr-decode';
import { asOwner, asStaff, shown, useE2E } from './session';

/**
 * Issue 10 in the browser: an owner redeems a coupon with points and sees the voucher; the desk
 * types its code, sees the item, the owner and the uses left, and confirms the use; the owner
 * sees the voucher used and the spend in the points history.
 */
const e2e = useE2E();

const text = async (page: Page, hook: string) => (await page.textContent(shown(hook)))?.trim() ?? '';
const appear = (page: Page, hook: string) => page.waitForSelector(shown(hook), { timeout: 60_000 });

/** The QR code drawn on the page, read as a scanner would (its grid of modules, decoded). */
async function scanQr(page: Page, hook: string): Promise<string | null> {
  const modules = await page.$$eval(`${shown(hook)} .qr__row`, (rows) =>
    rows.map((row) =>
      Array.from(row.children, (cell: { classList: { contains(name: string): boolean } }) =>
        cell.classList.contains('qr__cell--dark')
      )
    )
  );
  return decodeQrModules(modules);
}

test('an owner redeems a coupon and sees the voucher; the desk confirms it; the owner sees it used and the history', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  const desk = await makeStaff('advisor', dealership._id, '前台小王');
  await makeReward(e2e.app, manager, { name: '免费洗车', price: { points: 200, cashFen: 0 }, stock: 10 });
  const member = await makeMember(e2e.app, dealership._id, { name: '张先生', mobile: '13912345678' }, 1000);

  // The owner: balance, the shop, redeem with a confirmation, land on 我的券.
  const owner = await e2e.newPage({ viewport: 'phone', as: asOwner(member.ownerId, member.token) });
  await owner.goto(e2e.url('/#/pages/owner/points/index'));
  await appear(owner, '.e2e-points-balance');
  expect(await text(owner, '.e2e-points-balance')).toBe('1000');
  await owner.click(shown('.e2e-points-shop'));
  await appear(owner, '.e2e-page-owner-rewards .e2e-reward-item');
  expect(await text(owner, '.e2e-reward-name')).toBe('免费洗车');
  expect(await text(owner, '.e2e-reward-price')).toBe('200 积分');
  await owner.click(shown('.e2e-reward-redeem'));
  await appear(owner, '.e2e-confirm-ok');
  await owner.click(shown('.e2e-confirm-ok'));
  await appear(owner, '.e2e-page-owner-vouchers .e2e-voucher-active');
  const voucher = await Voucher.findOne({ customerId: member.customer._id }).lean();
  expect(voucher).not.toBeNull();
  const code = voucher!.code;
  expect((await text(owner, '.e2e-voucher-code-value')).replace(/\s/g, '')).toBe(code);
  expect(await text(owner, '.e2e-voucher-uses')).toBe('剩余 1 / 1 次');
  // The QR code on the page scans to the voucher code (what Taro.scanCode hands the desk in WeChat).
  expect(await scanQr(owner, '.e2e-voucher-qr')).toBe(code);

  // The desk types the code (lower case, grouped), sees item, owner and uses, confirms one use.
  const counter = await e2e.newPage({ viewport: 'phone', as: asStaff(desk) });
  await counter.goto(e2e.url('/#/pages/staff/voucher-verify/index'));
  await appear(counter, '.e2e-verify-code input');
  // A mistyped code is caught on the page; an unknown one gets the server's words.
  await counter.fill(shown('.e2e-verify-code input'), 'ABC');
  await counter.click(shown('.e2e-verify-lookup'));
  await appear(counter, '.e2e-verify-message');
  expect(await text(counter, '.e2e-verify-message')).toBe('券码应为 10 位数字或大写字母');
  await counter.fill(shown('.e2e-verify-code input'), code === '0000000000' ? '1111111111' : '0000000000');
  await counter.click(shown('.e2e-verify-lookup'));
  await appear(counter, '.e2e-verify-message:has-text("券码不存在")');
  await counter.fill(shown('.e2e-verify-code input'), `${code.slice(0, 5).toLowerCase()} ${code.slice(5)}`);
  await counter.click(shown('.e2e-verify-lookup'));
  await appear(counter, '.e2e-verify-voucher');
  expect(await text(counter, '.e2e-verify-owner')).toBe('车主 张先生（尾号 5678）');
  expect(await text(counter, '.e2e-verify-uses')).toContain('剩余 1 / 1 次');
  await counter.click(shown('.e2e-verify-confirm'));
  await appear(counter, '.e2e-verify-use');
  expect(await text(counter, '.e2e-verify-status')).toBe('已用完');
  expect(await text(counter, '.e2e-verify-use')).toContain('第 1 次：前台小王');
  expect(await counter.$(shown('.e2e-verify-confirm'))).toBeNull();
  const uses = await VoucherUse.find({ voucherId: voucher!._id }).lean();
  expect(uses).toEqual([expect.objectContaining({ number: 1, kind: 'use', staffName: '前台小王' })]);

  // Looked up again: used up, nothing left to confirm.
  await counter.click(shown('.e2e-verify-lookup'));
  await appear(counter, '.e2e-verify-voucher');
  expect(await counter.$(shown('.e2e-verify-confirm'))).toBeNull();

  // The owner: the voucher used, the spend in the history.
  await owner.reload();
  await appear(owner, '.e2e-page-owner-vouchers .e2e-voucher-used_up');
  expect(await text(owner, '.e2e-voucher-status')).toBe('已用完');
  expect(await text(owner, '.e2e-voucher-uses')).toBe('剩余 0 / 1 次');
  // A used voucher shows no QR code any more.
  expect(await owner.$(shown('.e2e-voucher-qr'))).toBeNull();
  await owner.goto(e2e.url('/#/pages/owner/points/index'));
  await appear(owner, '.e2e-points-entry');
  expect(await text(owner, '.e2e-points-balance')).toBe('800');
  const reasons = await owner.$$eval('.taro_page:not(.taro_page_shade) .e2e-points-entry', (rows) =>
    rows.map((r) => r.textContent?.replace(/\s+/g, ' ').trim() ?? '')
  );
  expect(reasons[0]).toContain('兑换「免费洗车」');
  expect(reasons[0]).toContain('-200');
  expect(reasons[0]).toContain('余额 800');
  expect(reasons[1]).toContain('+1000');

  // The member page invites friends: the link opens the dealership's bind page with the owner's token.
  await appear(owner, '.e2e-referral-link');
  const link = await text(owner, '.e2e-referral-link');
  expect(link).toContain(`#/pages/owner/bind/index?scene=${encodeURIComponent(`d=${dealership.code}`)}&ref=`);
  expect(await text(owner, '.e2e-referral-counts')).toBe('已邀请 0 位 · 已获奖励 0 位');
});

test('managers adjust points on the adjustment page: at once up to the threshold, above it approved by another manager', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  const other = await makeStaff('manager', dealership._id, '钱经理');
  const member = await makeMember(e2e.app, dealership._id, { name: '周女士' }, 100);

  const page = await e2e.newPage({ viewport: 'phone', as: asStaff(manager) });
  await page.goto(e2e.url('/#/pages/manager/points/index'));
  await appear(page, '.e2e-points-adjust-open');
  await page.click(shown('.e2e-points-adjust-open'));
  await appear(page, '.e2e-adjust-search input');
  // Nothing picked, then no reason: the page says what is missing and sends nothing.
  await page.click(shown('.e2e-adjust-submit'));
  await appear(page, '.e2e-adjust-error');
  expect(await text(page, '.e2e-adjust-error')).toBe('请先搜索并选择客户');
  await page.fill(shown('.e2e-adjust-search input'), '周女士');
  await page.click(shown('.e2e-adjust-search-go'));
  await appear(page, '.e2e-adjust-customer');
  await page.click(shown('.e2e-adjust-customer'));
  await appear(page, '.e2e-adjust-picked:has-text("当前积分 100")');
  await page.fill(shown('.e2e-adjust-points input'), '50');
  await page.click(shown('.e2e-adjust-submit'));
  await appear(page, '.e2e-adjust-error:has-text("请填写调整原因")');

  // Within the threshold (1,000): applied at once.
  await page.fill(shown('.e2e-adjust-reason textarea'), '活动补发');
  await page.click(shown('.e2e-adjust-submit'));
  await appear(page, '.e2e-adjust-message');
  expect(await text(page, '.e2e-adjust-message')).toBe('已入账 +50 积分');
  await appear(page, '.e2e-adjust-picked:has-text("当前积分 150")');
  await appear(page, '.e2e-adjust-row-applied');

  // Above it: waits; the requester cannot approve their own.
  await page.click(shown('.e2e-adjust-direction-debit'));
  await page.fill(shown('.e2e-adjust-points input'), '1200');
  await page.fill(shown('.e2e-adjust-reason textarea'), '误加积分冲正');
  await page.click(shown('.e2e-adjust-submit'));
  await appear(page, '.e2e-adjust-message:has-text("待另一位经理审批")');
  await appear(page, '.e2e-points-adjustment');
  expect(await text(page, '.e2e-points-adjustment')).toContain('周女士 -1200 积分 · 误加积分冲正');
  await appear(page, '.e2e-points-adjustment-own');
  expect(await page.$(shown('.e2e-points-adjustment-approve'))).toBeNull();

  // The second manager approves it: refused, the balance is 150 — the page says so and it stays pending.
  const second = await e2e.newPage({ viewport: 'phone', as: asStaff(other) });
  await second.goto(e2e.url('/#/pages/manager/points-adjust/index'));
  await appear(second, '.e2e-points-adjustment-approve');
  await second.click(shown('.e2e-points-adjustment-approve'));
  await appear(second, '.e2e-points-adjustments-message');
  expect(await text(second, '.e2e-points-adjustments-message')).toBe('积分不足');
  await second.click(shown('.e2e-points-adjustment-reject'));
  await appear(second, '.e2e-points-adjustments-message:has-text("已驳回")');
  await appear(second, '.e2e-adjust-row-rejected');
  expect(await text(second, '.e2e-adjust-row-rejected')).toContain('周女士 -1200 积分 · 已驳回');

  const account = await e2e.app.http().get('/api/points/me').set(member.auth).expect(200);
  expect(account.body.accounts[0].balance).toBe(150);
});

test('a manager sees the liability, approves another manager’s adjustment and adds a reward to the catalog', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  const other = await makeStaff('manager', dealership._id, '钱经理');
  const member = await makeMember(e2e.app, dealership._id, { name: '李女士' }, 300);
  const asked = await e2e.app
    .http()
    .post('/api/points/adjustments')
    .set(other.auth)
    .send({ customerId: String(member.customer._id), direction: 'credit', points: 5000, reason: '投诉补偿' })
    .expect(201);
  expect(asked.body.status).toBe('pending');

  const page = await e2e.newPage({ viewport: 'phone', as: asStaff(manager) });
  await page.goto(e2e.url('/#/pages/manager/points/index'));
  await appear(page, '.e2e-points-liability');
  expect(await text(page, '.e2e-points-liability')).toContain('未使用积分 300');
  await appear(page, '.e2e-points-adjustment');
  expect(await text(page, '.e2e-points-adjustment')).toContain('+5000 积分 · 投诉补偿');
  await page.click(shown('.e2e-points-adjustment-approve'));
  await appear(page, '.e2e-points-adjustments-message');
  expect(await text(page, '.e2e-points-adjustments-message')).toBe('已批准并入账');
  expect(await page.$(shown('.e2e-points-adjustment'))).toBeNull();

  await page.click(shown('.e2e-points-catalog-add'));
  await page.fill(shown('.e2e-reward-form-name input'), '工时8折券');
  await page.fill(shown('.e2e-reward-form-points input'), '500');
  await page.click(shown('.e2e-reward-form-save'));
  await appear(page, '.e2e-points-catalog-item');
  expect(await text(page, '.e2e-points-catalog-item')).toContain('工时8折券');
  expect(await text(page, '.e2e-points-catalog-item')).toContain('500 积分 · 已兑 0/100');

  const owner = await e2e.app.http().get('/api/points/me').set(member.auth).expect(200);
  expect(owner.body.accounts[0].balance).toBe(5300);
});
