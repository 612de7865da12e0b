import { Customer } from '../../server/src/modules/customers/customer.model';
import { Dealership } from '../../server/src/modules/dealerships/dealership.model';
import { Staff } from '../../server/src/modules/staff/staff.model';
import { LotteryCampaign } from '../../server/src/modules/lottery/campaign.model';
import { termsOf } from '../../server/src/modules/lottery/campaign-terms';
import { LotteryDraw } from '../../server/src/modules/lottery/draw.model';
import { stockDemoShop } from '../../scripts/demo/demo-points';
import { runDemoLottery } from '../../scripts/demo/demo-lottery';
import { DEMO_DEALER_CODE } from '../../scripts/demo/seed-demo';
import { seededDemoApp } from '../support/demo';
import { boundOwner } from '../support/factories';

/** The demo's lottery campaign: made, approved and drawn through the lottery services, once. */
const app = seededDemoApp();

test('a running campaign published by the manager, drawn once or twice by each bound owner, added once', async () => {
  const ctx = app();
  const dealership = (await Dealership.findOne({ code: DEMO_DEALER_CODE }).lean())!;
  // Without the shop's voucher item there is nothing to publish yet.
  expect(await runDemoLottery(DEMO_DEALER_CODE)).toEqual({ campaigns: 0, draws: 0 });
  await stockDemoShop(dealership._id);
  const archives = await Customer.find({ dealershipId: dealership._id }).sort({ _id: 1 }).limit(2).lean();
  const owners = [
    await boundOwner(ctx, DEMO_DEALER_CODE, archives[0].mobile!),
    await boundOwner(ctx, DEMO_DEALER_CODE, archives[1].mobile!)
  ];

  expect(await runDemoLottery(DEMO_DEALER_CODE)).toEqual({ campaigns: 1, draws: 3 });
  const campaign = (await LotteryCampaign.findOne({ dealershipId: dealership._id }).lean())!;
  const byRole = async (role: string) =>
    (await Staff.findOne({ dealershipId: dealership._id, role }).lean())!._id;
  expect(campaign.status).toBe('published');
  expect(String(campaign.createdBy)).toBe(String(await byRole('marketing')));
  expect(String(campaign.approvedBy)).toBe(String(await byRole('manager')));

  const { prizes, disclosure } = termsOf(campaign);
  expect(prizes.map((p) => p.kind).sort()).toEqual(['gift', 'none', 'points', 'voucher']);
  expect(prizes.find((p) => p.kind === 'none')?.name).toBe('谢谢参与');
  const { showOdds, ...texts } = disclosure;
  expect(showOdds).toBe(true);
  for (const [field, text] of Object.entries(texts))
    expect([field, text]).toEqual([field, expect.any(String)]);
  expect(Object.values(texts).every((text) => /[\u4e00-\u9fa5]|^[\d-]+$/.test(text))).toBe(true);
  const rules = await ctx
    .http()
    .get(`/api/lottery/campaigns/${String(campaign._id)}/rules`)
    .expect(200);
  expect(rules.body.sections.length).toBeGreaterThan(0);

  const mine = await Promise.all(
    owners.map(
      async (o) => (await ctx.http().get('/api/owner/lottery/draws').set(o.auth).expect(200)).body.items
    )
  );
  expect(mine.map((items: unknown[]) => items.length)).toEqual([1, 2]);
  const open = await ctx
    .http()
    .get(`/api/owner/lottery/campaigns/${String(campaign._id)}`)
    .set(owners[0].auth)
    .expect(200);
  expect(open.body.name).toBe('冬季关爱抽奖');

  // A second start adds nothing.
  expect(await runDemoLottery(DEMO_DEALER_CODE)).toEqual({ campaigns: 0, draws: 0 });
  expect(await LotteryCampaign.countDocuments({ dealershipId: dealership._id })).toBe(1);
  expect(await LotteryDraw.countDocuments({ campaignId: campaign._id })).toBe(3);
});
