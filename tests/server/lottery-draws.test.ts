/**
 * An owner's draw (issue 12): a retried points-costing draw spends once, staff mobiles never
 * win, nobody draws outside the window or the audience, entries earned by actions count once,
 * and prizes arrive — points, a voucher of the catalog (no points spent), a gift picked up once.
 */
import { Types } from 'mongoose';
import { BindingEvent } from '../../server/src/modules/bindings/binding.model';
import { LotteryClaim, LotteryDraw } from '../../server/src/modules/lottery/draw.model';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { clock } from '../../server/src/lib/clock';
import { makeDealership, makeStaff, uniqueMobile, type StaffLogin } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { expectLedgerConsistent, makeMember, makeReward } from './points-support';
import { drawAs, drawKey, lawfulTerms, prize, publishCampaign } from './lottery-support';

let ctx: TestContext;
let marketing: StaffLogin;
let manager: StaffLogin;
let dealershipId: Types.ObjectId;
beforeAll(async () => {
  ctx = await startTestApp();
  const dealership = await makeDealership('抽奖门店');
  dealershipId = dealership._id;
  marketing = await makeStaff('marketing', dealershipId);
  manager = await makeStaff('manager', dealershipId);
});
afterAll(() => ctx.close());

const onlyPrize = (p: ReturnType<typeof prize>) => [
  p,
  prize({ id: 'thanks', kind: 'none', name: '谢谢参与', weight: 0 })
];
const pointsEntry = { freePerDay: 0, freePerCampaign: 0, pointsPerDraw: 30, earnedBy: [] };

test('a points-costing draw retried (at once and later) is one draw and one spend', async () => {
  const member = await makeMember(ctx, dealershipId, {}, 100);
  const campaign = await publishCampaign(ctx, marketing, manager, lawfulTerms({ entry: pointsEntry }));
  const key = drawKey();
  const answers = await Promise.all([1, 2, 3, 4, 5].map(() => drawAs(ctx, member, campaign.id, key)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  const later = await drawAs(ctx, member, campaign.id, key).expect(200);
  expect(later.body).toEqual(answers[0].body);
  expect(later.body).toMatchObject({ entry: 'points', pointsSpent: 30 });
  const spends = await PointsEntry.find({
    accountId: member.customer._id,
    source: 'lottery',
    kind: 'spend'
  }).lean();
  expect(spends.map((e) => e.delta)).toEqual([-30]);
  expect(await LotteryDraw.countDocuments({ campaignId: new Types.ObjectId(campaign.id) })).toBe(1);
  const balance = await expectLedgerConsistent(member.ref);
  expect(balance).toBe(70 + later.body.pointsAwarded);
});

test('without points left the draw is refused, its retry answers the same, and it keeps nothing', async () => {
  const member = await makeMember(ctx, dealershipId, {}, 10);
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({ entry: pointsEntry, limits: { perDay: 5, perCampaign: null, perPrize: null } })
  );
  const key = drawKey();
  const refused = await drawAs(ctx, member, campaign.id, key).expect(422);
  expect(refused.body.error.code).toBe('INSUFFICIENT_POINTS');
  expect((await drawAs(ctx, member, campaign.id, key).expect(422)).body).toEqual(refused.body);
  expect(await LotteryClaim.countDocuments({ campaignId: new Types.ObjectId(campaign.id) })).toBe(0);
  expect(await expectLedgerConsistent(member.ref)).toBe(10);
});

test('a staff member’s mobile never wins, whatever the pick', async () => {
  const mobile = uniqueMobile();
  const member = await makeMember(ctx, dealershipId, { mobile });
  const admin = await makeStaff('manager', dealershipId);
  await ctx
    .http()
    .post('/api/staff')
    .set(admin.auth)
    .send({
      username: `sales${Date.now()}`,
      name: '销售顾问',
      role: 'advisor',
      password: 'Str0ng-Passw0rd!',
      mobile
    })
    .expect(201);
  const other = await makeMember(ctx, dealershipId);
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({
      prizes: onlyPrize(prize({ id: 'pts', kind: 'points', weight: 1, stock: 10, points: 50 })),
      entry: { freePerDay: 3, freePerCampaign: 0, pointsPerDraw: null, earnedBy: [] }
    })
  );
  for (let i = 0; i < 3; i++) {
    const res = await drawAs(ctx, member, campaign.id).expect(200);
    expect(res.body).toMatchObject({ fate: 'excluded', prize: { id: 'thanks' }, pointsAwarded: 0 });
  }
  const outsider = await drawAs(ctx, other, campaign.id).expect(200);
  expect(outsider.body).toMatchObject({ fate: 'won', prize: { id: 'pts' }, pointsAwarded: 50 });
  expect(await PointsEntry.countDocuments({ accountId: member.customer._id })).toBe(0);
});

test('no draw before the start, or outside the audience', async () => {
  const member = await makeMember(ctx, dealershipId, { tier: 'B' });
  const now = clock.now().getTime();
  const later = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({ startsAt: new Date(now + 3_600_000).toISOString() })
  );
  expect((await drawAs(ctx, member, later.id).expect(422)).body.error.code).toBe('CAMPAIGN_NOT_OPEN');
  const forA = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({ audience: { tiers: ['A'], segmentId: null, allBound: false, prospects: false } })
  );
  expect((await drawAs(ctx, member, forA.id).expect(403)).body.error.code).toBe('NOT_IN_AUDIENCE');
  const tierA = await makeMember(ctx, dealershipId, { tier: 'A' });
  await drawAs(ctx, tierA, forA.id).expect(200);
  expect(await LotteryDraw.countDocuments({ customerId: member.customer._id })).toBe(0);
});

test('a binding during the campaign earns one draw, once', async () => {
  const member = await makeMember(ctx, dealershipId);
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({ entry: { freePerDay: 0, freePerCampaign: 0, pointsPerDraw: null, earnedBy: ['binding'] } })
  );
  expect((await drawAs(ctx, member, campaign.id).expect(409)).body.error.code).toBe('NO_ENTRIES_LEFT');
  const bind = {
    ownerId: new Types.ObjectId(member.ownerId),
    dealershipId,
    customerId: member.customer._id,
    source: 'qr_dealership',
    at: clock.now()
  };
  await BindingEvent.create([
    { ...bind, type: 'bind' },
    { ...bind, type: 'unbind' },
    { ...bind, type: 'bind' }
  ]);
  expect((await drawAs(ctx, member, campaign.id).expect(200)).body.entry).toBe('earned');
  expect((await drawAs(ctx, member, campaign.id).expect(409)).body.error.code).toBe('NO_ENTRIES_LEFT');
});

test('a voucher prize is issued from the catalog with no points spent; the owner sees it with the draw', async () => {
  const member = await makeMember(ctx, dealershipId, {}, 40);
  const reward = await makeReward(ctx, manager, { name: '免费洗车券', stock: 5 });
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({
      prizes: onlyPrize(
        prize({ id: 'wash', kind: 'voucher', name: '免费洗车', stock: 3, rewardItemId: reward.id })
      )
    })
  );
  const res = await drawAs(ctx, member, campaign.id).expect(200);
  expect(res.body).toMatchObject({
    fate: 'won',
    prize: { id: 'wash', kind: 'voucher' },
    voucherCode: expect.any(String)
  });
  const vouchers = await ctx.http().get('/api/points/me/vouchers').set(member.auth).expect(200);
  expect(JSON.stringify(vouchers.body)).toContain(res.body.voucherCode);
  expect(await expectLedgerConsistent(member.ref)).toBe(40);
  const history = await ctx.http().get('/api/owner/lottery/draws').set(member.auth).expect(200);
  expect(history.body.items).toEqual([res.body]);
});

test('a gift is picked up at the desk once, and the results count it', async () => {
  const member = await makeMember(ctx, dealershipId);
  const desk = await makeStaff('advisor', dealershipId);
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({
      prizes: onlyPrize(prize({ id: 'mug', kind: 'gift', name: '纪念杯', valueFen: 3_000, stock: 2 }))
    })
  );
  const won = await drawAs(ctx, member, campaign.id).expect(200);
  const code = won.body.pickupCode as string;
  expect(code).toMatch(/^[0-9A-Z]{10}$/);
  expect(won.body.claimDeadline).toBe(campaign.terms.claimDeadline);
  const seen = await ctx.http().get(`/api/lottery/pickups/${code}`).set(desk.auth).expect(200);
  expect(seen.body).toMatchObject({ prizeName: '纪念杯', pickedUpAt: null });
  const both = await Promise.all(
    [1, 2].map(() => ctx.http().post(`/api/lottery/pickups/${code}/confirm`).set(desk.auth))
  );
  expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  const results = await ctx
    .http()
    .get(`/api/lottery/campaigns/${campaign.id}/results`)
    .set(marketing.auth)
    .expect(200);
  expect(results.body).toMatchObject({
    draws: 1,
    participants: 1,
    winners: 1,
    costFen: 3_000,
    prizesClaimed: 1
  });
  expect(results.body.prizes[0]).toMatchObject({ id: 'mug', awarded: 1, left: 1, claimed: 1 });
});
