/**
 * Prospects from the event QR code (issue 12): a visitor scans the campaign's code, signs in,
 * shares the phone number and draws in one go — becoming a prospect archive with the campaign
 * as its source and a follow-up task for the advisor. Afterwards the conversion counts who of
 * them bound, visited or bought, from the DMS imports.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { formatScene } from '@dealer/shared';
import { scanWxacode } from '../../scripts/wechat-sandbox';
import { clock, shanghaiDate } from '../../server/src/lib/clock';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { LotteryEntrant } from '../../server/src/modules/lottery/draw.model';
import { Task } from '../../server/src/modules/tasks/task.model';
import {
  loginOwner,
  makeCustomer,
  makeDealership,
  makeStaff,
  uniqueMobile,
  type StaffLogin
} from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { importFile } from './imports-support';
import { drawAs, lawfulTerms, publishCampaign } from './lottery-support';

jest.setTimeout(120_000);
let ctx: TestContext;
let dealership: Awaited<ReturnType<typeof makeDealership>>;
let marketing: StaffLogin;
let manager: StaffLogin;
beforeAll(async () => {
  ctx = await startTestApp();
  dealership = await makeDealership('车展门店');
  marketing = await makeStaff('marketing', dealership._id);
  manager = await makeStaff('manager', dealership._id);
});
afterAll(() => ctx.close());

const eventTerms = () =>
  lawfulTerms({
    name: '车展现场抽奖',
    audience: { tiers: [], segmentId: null, allBound: false, prospects: true }
  });

/** A visitor at the stand: signs in with WeChat, shares the phone number from the campaign's code. */
async function joinAt(scene: string, mobile: string) {
  const owner = await loginOwner(ctx);
  const { code } = ctx.sandbox.state.mintPhoneCode({ phoneNumber: mobile, openid: owner.openid });
  const res = await ctx
    .http()
    .post('/api/owner/lottery/join')
    .set(owner.auth)
    .send({ scene, phoneCode: code });
  return { owner, res };
}

function csvFile(name: string, rows: string[][]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lottery-conversion-')), name);
  writeFileSync(path, rows.map((r) => r.join(',')).join('\n'), 'utf8');
  return path;
}

test('a prospect scans, shares the phone number, draws at once, and an advisor gets a follow-up', async () => {
  const campaign = await publishCampaign(ctx, marketing, manager, eventTerms());
  expect(campaign.scene).toBe(`l=${campaign.id}`);
  const mobile = uniqueMobile();
  const { owner, res } = await joinAt(campaign.scene, mobile);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    newProspect: true,
    campaign: { id: campaign.id, open: true, freeLeftToday: 1 }
  });

  const archive = await Customer.findOne({ dealershipId: dealership._id, mobileKey: mobile }).lean();
  expect(archive).toMatchObject({ source: 'lottery_event', isProspect: true, ownerId: null });
  const task = await Task.findOne({ customerId: archive!._id }).lean();
  expect(task).toMatchObject({ kind: 'lottery_followup', status: 'open', dealershipId: dealership._id });
  expect(task?.note).toContain('车展现场抽奖');

  const drawn = await drawAs(ctx, owner, campaign.id).expect(200);
  expect(drawn.body.campaignId).toBe(campaign.id);
  const listed = await ctx.http().get('/api/owner/lottery/campaigns').set(owner.auth).expect(200);
  expect(listed.body.items).toMatchObject([{ id: campaign.id, freeLeftToday: 0, drawsToday: 1 }]);

  // Scanning again changes nothing: no second archive, no second task.
  const again = await ctx
    .http()
    .post('/api/owner/lottery/join')
    .set(owner.auth)
    .send({ scene: campaign.scene, phoneCode: 'unused' })
    .expect(200);
  expect(again.body.newProspect).toBe(true);
  expect(await Task.countDocuments({ customerId: archive!._id })).toBe(1);
  const results = await ctx
    .http()
    .get(`/api/lottery/campaigns/${campaign.id}/results`)
    .set(manager.auth)
    .expect(200);
  expect(results.body).toMatchObject({ draws: 1, participants: 1, newProspects: 1 });
});

test("the event QR code opens the join page with the campaign's scene; made once, only for a campaign taking prospects", async () => {
  const campaign = await publishCampaign(ctx, marketing, manager, eventTerms());
  const png = async () =>
    ctx
      .http()
      .get(`/api/lottery/campaigns/${campaign.id}/qrcode.png`)
      .set(marketing.auth)
      .buffer(true)
      .expect(200);
  const res = await png();
  expect(res.headers['content-type']).toBe('image/png');
  const scanned = scanWxacode(res.body);
  expect(scanned?.scene).toBe(campaign.scene);
  expect(scanned?.scene).toBe(`l=${campaign.id}`);
  expect(scanned?.page).toBe('pages/lottery/join/index');
  // The scene scanned is the one the join route takes.
  const { res: joined } = await joinAt(scanned?.scene ?? '', '13700001111');
  expect(joined.status).toBe(200);

  const calls = ctx.sandbox.state.calls({ path: '/wxa/getwxacodeunlimit' }).length;
  await png();
  expect(ctx.sandbox.state.calls({ path: '/wxa/getwxacodeunlimit' })).toHaveLength(calls);

  const ownersOnly = await publishCampaign(ctx, marketing, manager, lawfulTerms());
  const refused = await ctx
    .http()
    .get(`/api/lottery/campaigns/${ownersOnly.id}/qrcode.png`)
    .set(marketing.auth)
    .expect(422);
  expect(refused.body.error.code).toBe('CAMPAIGN_WITHOUT_PROSPECTS');
  const elsewhere = await makeStaff('marketing', (await makeDealership('别的门店'))._id);
  await ctx.http().get(`/api/lottery/campaigns/${campaign.id}/qrcode.png`).set(elsewhere.auth).expect(404);
});

test('a known customer who scans draws on their archive and is no new prospect; bad scenes are refused', async () => {
  const campaign = await publishCampaign(ctx, marketing, manager, eventTerms());
  const known = await makeCustomer(dealership._id, { name: '老客户' });
  const { res } = await joinAt(campaign.scene, known.mobile!);
  expect(res.status).toBe(200);
  expect(res.body.newProspect).toBe(false);
  expect(await Task.countDocuments({ customerId: known._id })).toBe(0);
  const owner = await loginOwner(ctx);
  for (const scene of ['l=zzz', formatScene(dealership.code), `l=${new Types.ObjectId().toHexString()}`]) {
    const bad = await ctx
      .http()
      .post('/api/owner/lottery/join')
      .set(owner.auth)
      .send({ scene, phoneCode: 'x' });
    expect([400, 404]).toContain(bad.status);
  }
  expect(await LotteryEntrant.countDocuments({ ownerId: new Types.ObjectId(owner.ownerId) })).toBe(0);
  // A bound-owners campaign takes no prospects from its code.
  const boundOnly = await publishCampaign(ctx, marketing, manager, lawfulTerms());
  const refused = await joinAt(boundOnly.scene, uniqueMobile());
  expect(refused.res.status).toBe(403);
});

test('conversion: of the campaign’s prospects, who later bound, visited and bought, from the imports; with CSV', async () => {
  const campaign = await publishCampaign(ctx, marketing, manager, eventTerms());
  const [buyer, binder, idle] = [uniqueMobile(), uniqueMobile(), uniqueMobile()];
  const joined = [];
  for (const mobile of [buyer, binder, idle]) joined.push(await joinAt(campaign.scene, mobile));
  expect(joined.map((j) => j.res.status)).toEqual([200, 200, 200]);

  // The binder binds WeChat with the dealership's code afterwards.
  const binderOwner = joined[1].owner;
  const { code } = ctx.sandbox.state.mintPhoneCode({ phoneNumber: binder, openid: binderOwner.openid });
  await ctx
    .http()
    .post('/api/owner/bindings')
    .set(binderOwner.auth)
    .send({ scene: formatScene(dealership.code), phoneCode: code })
    .expect(200);

  // The DMS files: the buyer's new car (customers file), then their first service (repair orders).
  const today = shanghaiDate(clock.now());
  const customers = csvFile('customers.csv', [
    ['客户姓名', '手机号', '车牌号', 'VIN', '车系', '购车日期'],
    ['王购车', buyer, '粤B8L001', 'LSVAU2180N2009911', '帕萨特', today]
  ]);
  expect((await importFile(ctx, manager.auth, customers, { kind: 'customers' })).status).toBe('done');
  const orders = csvFile('orders.csv', [
    ['工单号', '车牌号', '进厂日期', '维修类型', '结算金额', '付费类型'],
    [`RO-L${Date.now()}`, '粤B8L001', today, '首保', '0', '厂家索赔']
  ]);
  expect((await importFile(ctx, manager.auth, orders, { kind: 'repair_orders' })).status).toBe('done');

  const conversion = await ctx
    .http()
    .get(`/api/lottery/campaigns/${campaign.id}/conversion`)
    .set(marketing.auth)
    .expect(200);
  expect(conversion.body).toMatchObject({ prospects: 3, bound: 1, visited: 1, bought: 1 });
  const buyerRow = conversion.body.rows.find((r: { boughtOn: string | null }) => r.boughtOn);
  expect(buyerRow).toMatchObject({ boughtOn: today, firstVisit: today, boundAt: null });
  const csv = await ctx
    .http()
    .get(`/api/lottery/campaigns/${campaign.id}/conversion.csv`)
    .set(marketing.auth)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.on('data', (b: Buffer) => (text += b.toString('utf8')));
      res.on('end', () => done(null, text));
    })
    .expect(200);
  expect(csv.headers['content-type']).toContain('text/csv');
  const lines = (csv.body as string).trim().split('\r\n');
  expect(lines).toHaveLength(4);
  expect(lines[0]).toContain('购车日期');
  expect(csv.body as string).toContain(today);
});
