import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { makeDealership, makeStaff } from '../support/factories';
import { LotteryCampaign } from '../../server/src/modules/lottery/campaign.model';
import { endCampaigns, END_GRACE_MS } from '../../server/src/modules/lottery/campaign-publication';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { makeMember, makeReward } from '../server/points-support';
import { lawfulTerms, publishCampaign, prize } from '../server/lottery-support';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { asOwner, asStaff, shown, useE2E } from './session';

/**
 * Issue 12 in the browser: marketing creates a campaign and submits it, a manager approves
 * it (the seed's hash is published), an owner draws and sees the voucher, the public rules
 * page shows the seed hash and, once the campaign has ended, the seed; the verification page
 * recomputes the draw in the browser.
 */
const e2e = useE2E();

const text = async (page: Page, hook: string) => (await page.textContent(shown(hook)))?.trim() ?? '';
const appear = (page: Page, hook: string) => page.waitForSelector(shown(hook), { timeout: 60_000 });
const fill = (page: Page, hook: string, value: string) =>
  page.fill(shown(`${hook} input, ${hook} textarea`), value);

/** `YYYY-MM-DD HH:mm` in Beijing time, as the form takes it. */
function beijing(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

test('marketing creates and submits, a manager approves, an owner draws a voucher, the rules page shows the hash and later the seed', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  const marketing = await makeStaff('marketing', dealership._id, '市场小李');
  const wash = await makeReward(e2e.app, manager, { name: '免费洗车' });
  const member = await makeMember(e2e.app, dealership._id, { name: '张先生', mobile: '13912345678' });

  // Marketing: a new campaign from the list, the form filled in, submitted for approval.
  const desk = await e2e.newPage({ viewport: 'phone', as: asStaff(marketing) });
  await desk.goto(e2e.url('/#/pages/lottery/campaigns/index'));
  await appear(desk, '.e2e-lottery-new');
  await desk.click(shown('.e2e-lottery-new'));
  await appear(desk, '.e2e-page-lottery-edit .e2e-lottery-name');
  const now = Date.now();
  await fill(desk, '.e2e-lottery-name', '冬季到店抽奖');
  await fill(desk, '.e2e-lottery-starts', beijing(now - 3600_000));
  await fill(desk, '.e2e-lottery-ends', beijing(now + 24 * 3600_000));
  await fill(desk, '.e2e-lottery-claim-deadline', beijing(now + 30 * 24 * 3600_000));
  await fill(desk, '.e2e-lottery-organiser', '测试门店有限公司');
  await fill(desk, '.e2e-lottery-contact', '021-88888888');
  await desk.click(shown('.e2e-lottery-prize-add'));
  await appear(desk, '.e2e-lottery-prize-p1');
  await fill(desk, '.e2e-lottery-prize-p1 .e2e-lottery-prize-name', '免费洗车券');
  await desk.click(shown('.e2e-lottery-prize-p1 .e2e-lottery-prize-kind-voucher'));
  await fill(desk, '.e2e-lottery-prize-p1 .e2e-lottery-prize-value', '60');
  await fill(desk, '.e2e-lottery-prize-p1 .e2e-lottery-prize-stock', '5');
  await fill(desk, '.e2e-lottery-prize-p1 .e2e-lottery-prize-weight', '100');
  // Marketing picks the voucher from the store's catalog (read-only for the campaign form).
  await desk.click(shown(`.e2e-lottery-prize-p1 .e2e-lottery-prize-item-${wash.id}`));
  // Every draw picks the voucher: 谢谢参与 stays only as the fallback.
  await fill(desk, '.e2e-lottery-prize-none .e2e-lottery-prize-weight', '0');
  await appear(desk, '.e2e-lottery-edit-problems:has-text("可以提交审批")');
  await desk.click(shown('.e2e-lottery-submit'));
  await appear(desk, '.e2e-page-lottery-campaign .e2e-lottery-status-submitted');
  expect(await text(desk, '.e2e-lottery-waiting')).toBe('等待店总审批');
  const id = new URL(desk.url().replace('/#/', '/')).searchParams.get('id') ?? '';
  expect(id).toMatch(/^[0-9a-f]{24}$/);
  // The preview is the rules page generated from these terms.
  expect(await text(desk, '.e2e-lottery-rules-prizes')).toContain(
    '免费洗车券（优惠券）：市场价值 ¥60.00，共 5 份'
  );

  // The manager approves: published, the seed's hash committed.
  const boss = await e2e.newPage({ viewport: 'phone', as: asStaff(manager) });
  await boss.goto(e2e.url(`/#/pages/lottery/campaign/index?id=${id}`));
  await appear(boss, '.e2e-lottery-approve');
  await boss.click(shown('.e2e-lottery-approve'));
  await appear(boss, '.e2e-lottery-status-published');
  const published = await LotteryCampaign.findById(id).lean();
  expect(published?.commitment).toMatch(/^[0-9a-f]{64}$/);

  // The owner draws: the server's result, the voucher's code.
  const owner = await e2e.newPage({ viewport: 'phone', as: asOwner(member.ownerId, member.token) });
  await owner.goto(e2e.url(`/#/pages/lottery/draw/index?id=${id}`));
  await appear(owner, '.e2e-lottery-draw');
  expect(await text(owner, '.e2e-lottery-left')).toContain('今日剩余免费次数 1');
  await owner.click(shown('.e2e-lottery-draw'));
  await appear(owner, '.e2e-lottery-result');
  expect(await text(owner, '.e2e-lottery-result-headline')).toBe('恭喜获得 免费洗车券');
  const voucher = await Voucher.findOne({ customerId: member.customer._id }).lean();
  expect(voucher).not.toBeNull();
  expect((await text(owner, '.e2e-lottery-result .e2e-voucher-code-value')).replace(/\s/g, '')).toBe(
    voucher!.code
  );
  expect(await text(owner, '.e2e-lottery-left')).toContain('今日剩余免费次数 0');
  await owner.click(shown('.e2e-lottery-mine-link'));
  await appear(owner, '.e2e-lottery-my-draw-voucher');
  expect(await text(owner, '.e2e-lottery-my-draw-headline')).toBe('恭喜获得 免费洗车券');

  // Anyone: the rules page shows the hash, not yet the seed.
  const visitor = await e2e.newPage({ viewport: 'phone' });
  await visitor.goto(e2e.url(`/#/pages/lottery/rules/index?id=${id}`));
  await appear(visitor, '.e2e-lottery-commitment');
  expect(await text(visitor, '.e2e-lottery-commitment')).toBe(published!.commitment);
  expect(await text(visitor, '.e2e-lottery-seed-hidden')).toBe('活动结束后公布');
  expect(await text(visitor, '.e2e-lottery-rules-organiser')).toContain('主办方：测试门店有限公司');

  // The campaign ends (the sweep job's step, run at a time past the end and its grace): the seed is revealed.
  expect(await endCampaigns(new Date(now + 24 * 3600_000 + END_GRACE_MS + 60_000))).toBeGreaterThanOrEqual(1);
  await visitor.reload();
  await appear(visitor, '.e2e-lottery-seed');
  const seed = await text(visitor, '.e2e-lottery-seed');
  expect(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex')).toBe(published!.commitment);

  // The verification page recomputes the draw in the browser.
  await visitor.click(shown('.e2e-lottery-verify-link'));
  await appear(visitor, '.e2e-lottery-verify-verdict');
  expect(await text(visitor, '.e2e-lottery-verify-verdict')).toBe('验证通过');
  expect(await text(visitor, '.e2e-lottery-verify-checked')).toBe('已在本机重新计算 1 次抽奖');
});

test('a prospect scans the event QR code, shares the phone number and draws in one go', async () => {
  const dealership = await makeDealership();
  const manager = await makeStaff('manager', dealership._id);
  const marketing = await makeStaff('marketing', dealership._id);
  const terms = lawfulTerms({
    audience: { tiers: [], segmentId: null, allBound: false, prospects: true },
    prizes: [
      prize({ id: 'gift', kind: 'gift', name: '车载香薰', valueFen: 9_900, weight: 1, stock: 5 }),
      prize({ id: 'thanks', kind: 'none', name: '谢谢参与', weight: 0 })
    ]
  });
  const campaign = await publishCampaign(e2e.app, marketing, manager, terms);

  // Marketing's campaign page shows the event QR code image to print.
  const desk = await e2e.newPage({ viewport: 'phone', as: asStaff(marketing) });
  await desk.goto(e2e.url(`/#/pages/lottery/campaign/index?id=${campaign.id}`));
  await appear(desk, '.e2e-lottery-event-code-image');
  const src = await desk.getAttribute('.e2e-lottery-event-code-image img', 'src');
  expect(src).toMatch(/^data:image\/png;base64,/);

  // A code that opens the binding page with the campaign's scene is forwarded to the join page.
  const visitor = await e2e.newPage({ viewport: 'phone' });
  const started = Date.now();
  await visitor.goto(e2e.url(`/#/pages/owner/bind/index?scene=${encodeURIComponent(campaign.scene)}`));
  await appear(visitor, '.e2e-lottery-join-phone');
  await fill(visitor, '.e2e-lottery-join-phone', '13700001111');
  await visitor.click(shown('.e2e-lottery-join-submit'));
  await appear(visitor, '.e2e-page-lottery-draw .e2e-lottery-draw');
  await visitor.click(shown('.e2e-lottery-draw'));
  await appear(visitor, '.e2e-lottery-result');
  expect(await text(visitor, '.e2e-lottery-result-headline')).toBe('恭喜获得 车载香薰');
  expect((await text(visitor, '.e2e-lottery-pickup-code-value')).replace(/\s/g, '')).toMatch(
    /^[0-9A-Z]{10}$/
  );
  // Well under a minute from the scan to the prize (the browser and server here included).
  expect(Date.now() - started).toBeLessThan(60_000);
  const prospect = await Customer.findOne({ dealershipId: dealership._id, mobile: '13700001111' }).lean();
  expect(prospect).not.toBeNull();

  // The desk hands the gift out against the pickup code, once.
  const code = (await text(visitor, '.e2e-lottery-pickup-code-value')).replace(/\s/g, '');
  const advisor = await makeStaff('advisor', dealership._id, '前台小王');
  const counter = await e2e.newPage({ viewport: 'phone', as: asStaff(advisor) });
  await counter.goto(e2e.url('/#/pages/lottery/pickup/index'));
  await appear(counter, '.e2e-pickup-code input');
  await fill(counter, '.e2e-pickup-code', code.toLowerCase());
  await counter.click(shown('.e2e-pickup-lookup'));
  await appear(counter, '.e2e-pickup-found');
  await counter.click(shown('.e2e-pickup-confirm'));
  await appear(counter, '.e2e-pickup-done');
  await counter.click(shown('.e2e-pickup-lookup'));
  await appear(counter, '.e2e-pickup-found .e2e-pickup-done');
  expect(await counter.$(shown('.e2e-pickup-confirm'))).toBeNull();

  // A scene that is not a campaign's is refused on the page.
  await visitor.goto(e2e.url('/#/pages/lottery/join/index?scene=d%3DDEMO01'));
  await appear(visitor, '.e2e-lottery-join-error');
  expect(await text(visitor, '.e2e-lottery-join-error')).toBe('二维码内容无效，请重新扫描活动现场的二维码。');
});
