/**
 * The campaign lifecycle (issue 12 "Lawful by construction", "Fair by proof"): publication
 * refused above the prize cap or without a disclosure, a manager's approval commits to a
 * secret seed that no answer carries before the end, after publication only changes in the
 * participants' favour, published records are never deleted, and the end reveals the seed.
 */
import { verifyCampaign, type PublishedCampaign } from '@dealer/shared';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs/runner';
import {
  LotteryCampaign,
  LotteryRevision,
  LotterySeed
} from '../../server/src/modules/lottery/campaign.model';
import { LotteryDraw } from '../../server/src/modules/lottery/draw.model';
import { makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { makeMember, makeReward } from './points-support';
import { drawAs, lawfulTerms, prize, publishCampaign } from './lottery-support';

let ctx: TestContext;
let marketing: StaffLogin;
let manager: StaffLogin;
let dealershipId: Awaited<ReturnType<typeof makeDealership>>['_id'];
beforeAll(async () => {
  ctx = await startTestApp();
  const dealership = await makeDealership('抽奖门店');
  dealershipId = dealership._id;
  marketing = await makeStaff('marketing', dealership._id);
  manager = await makeStaff('manager', dealership._id);
});
afterAll(async () => {
  clock.set(null);
  await ctx.close();
});

async function draft(terms = lawfulTerms()) {
  const res = await ctx.http().post('/api/lottery/campaigns').set(marketing.auth).send({ terms }).expect(201);
  return res.body.id as string;
}

test('a top prize above ¥50,000 is refused at submission with the reason, and nothing is published', async () => {
  const terms = lawfulTerms();
  terms.prizes[0] = prize({ id: 'car', kind: 'gift', name: '汽车一辆', valueFen: 5_000_001, stock: 1 });
  const id = await draft(terms);
  const res = await ctx.http().post(`/api/lottery/campaigns/${id}/submit`).set(marketing.auth).expect(422);
  expect(res.body.error.code).toBe('PUBLICATION_REFUSED');
  expect(res.body.error.details.problems.join()).toContain('50,000');
  const stored = await LotteryCampaign.findById(id).lean();
  expect(stored?.status).toBe('draft');
  expect(stored?.problems.join()).toContain('50,000');
  expect(await LotterySeed.exists({ _id: stored?._id })).toBeNull();
});

test('a missing disclosure (the organiser) is refused; once filled in, the campaign can be submitted', async () => {
  const terms = lawfulTerms();
  const id = await draft({ ...terms, disclosure: { ...terms.disclosure, organiser: '' } });
  const refused = await ctx
    .http()
    .post(`/api/lottery/campaigns/${id}/submit`)
    .set(marketing.auth)
    .expect(422);
  expect(refused.body.error.details.problems).toContain('须公示主办方');
  await ctx.http().put(`/api/lottery/campaigns/${id}`).set(marketing.auth).send({ terms }).expect(200);
  const submitted = await ctx
    .http()
    .post(`/api/lottery/campaigns/${id}/submit`)
    .set(marketing.auth)
    .expect(200);
  expect(submitted.body.status).toBe('submitted');
});

test('marketing cannot approve; a manager sends back with a reason or approves, committing to a seed never shown', async () => {
  const id = await draft();
  await ctx.http().post(`/api/lottery/campaigns/${id}/submit`).set(marketing.auth).expect(200);
  await ctx.http().post(`/api/lottery/campaigns/${id}/approve`).set(marketing.auth).expect(403);
  const back = await ctx
    .http()
    .post(`/api/lottery/campaigns/${id}/reject`)
    .set(manager.auth)
    .send({ reason: '奖品价值请再核对' })
    .expect(200);
  expect(back.body).toMatchObject({ status: 'draft', problems: ['奖品价值请再核对'] });
  await ctx.http().post(`/api/lottery/campaigns/${id}/submit`).set(marketing.auth).expect(200);
  const published = await ctx
    .http()
    .post(`/api/lottery/campaigns/${id}/approve`)
    .set(manager.auth)
    .expect(200);
  expect(published.body.status).toBe('published');
  expect(published.body.commitment).toMatch(/^[0-9a-f]{64}$/);
  expect(published.body.seedHex).toBeNull();

  const seed = await LotterySeed.findById(id).lean();
  expect(seed?.seedHex).toMatch(/^[0-9a-f]{64}$/);
  const rules = await ctx.http().get(`/api/lottery/campaigns/${id}/rules`).expect(200);
  expect(rules.body.commitment).toBe(published.body.commitment);
  expect(rules.body.seedHex).toBeNull();
  expect(rules.body.sections.length).toBeGreaterThan(3);
  const views = [
    published.body,
    rules.body,
    (await ctx.http().get(`/api/lottery/campaigns/${id}`).set(manager.auth).expect(200)).body,
    (await ctx.http().get('/api/lottery/campaigns').set(marketing.auth).expect(200)).body
  ];
  for (const view of views) expect(JSON.stringify(view)).not.toContain(seed!.seedHex);
  // The verification waits for the reveal.
  await ctx.http().get(`/api/lottery/campaigns/${id}/verification`).expect(409);
});

test('after the start only changes in the participants’ favour: a later end and more stock pass, fewer units do not', async () => {
  const terms = lawfulTerms();
  const campaign = await publishCampaign(ctx, marketing, manager, terms);
  const fewer = structuredClone(terms);
  fewer.prizes[0].stock = 2;
  const refused = await ctx
    .http()
    .put(`/api/lottery/campaigns/${campaign.id}`)
    .set(marketing.auth)
    .send({ terms: fewer })
    .expect(422);
  expect(refused.body.error.code).toBe('CHANGE_REFUSED');
  const shorter = { ...terms, endsAt: new Date(new Date(terms.endsAt).getTime() - 3_600_000).toISOString() };
  await ctx
    .http()
    .put(`/api/lottery/campaigns/${campaign.id}`)
    .set(marketing.auth)
    .send({ terms: shorter })
    .expect(422);
  const unchanged = await LotteryCampaign.findById(campaign.id).lean();
  expect(unchanged?.version).toBe(1);

  const better = structuredClone(terms);
  better.endsAt = new Date(new Date(terms.endsAt).getTime() + 86_400_000).toISOString();
  better.prizes[0].stock = 8;
  const changed = await ctx
    .http()
    .put(`/api/lottery/campaigns/${campaign.id}`)
    .set(marketing.auth)
    .send({ terms: better })
    .expect(200);
  expect(changed.body).toMatchObject({ version: 2, status: 'published' });
  expect(changed.body.terms.prizes[0].stock).toBe(8);
  const revisions = await LotteryRevision.find({ campaignId: unchanged!._id }).sort({ version: 1 }).lean();
  expect(revisions.map((r) => r.version)).toEqual([1, 2]);
  const stored = await LotteryCampaign.findById(campaign.id).lean();
  expect(stored?.stockRaises.map((r) => ({ ...r }))).toEqual([
    { prizeId: 'gift', fromStock: 5, toStock: 8, firstSeq: 1 }
  ]);
});

test('a campaign whose window is over cannot be submitted, nor approved once submitted', async () => {
  const endsAt = new Date(clock.now().getTime() + 60_000);
  const terms = lawfulTerms({ endsAt: endsAt.toISOString(), claimDeadline: endsAt.toISOString() });
  const id = await draft(terms);
  await ctx.http().post(`/api/lottery/campaigns/${id}/submit`).set(marketing.auth).expect(200);
  clock.set(() => new Date(endsAt.getTime() + 60_000));
  try {
    const approval = await ctx
      .http()
      .post(`/api/lottery/campaigns/${id}/approve`)
      .set(manager.auth)
      .expect(422);
    expect(approval.body.error.details.problems).toContain('活动结束时间已过');
    const sentBack = await LotteryCampaign.findById(id).lean();
    expect(sentBack?.status).toBe('draft');
    expect(await LotterySeed.exists({ _id: sentBack?._id })).toBeNull();
    const submission = await ctx
      .http()
      .post(`/api/lottery/campaigns/${id}/submit`)
      .set(marketing.auth)
      .expect(422);
    expect(submission.body.error.details.problems).toContain('活动结束时间已过');
    expect((await LotteryCampaign.findById(id).lean())?.status).toBe('draft');
  } finally {
    clock.set(null);
  }
});
test("marketing lists its own store's rewards catalog for a voucher prize, without managing the catalog", async () => {
  const wash = await makeReward(ctx, manager, { name: '洗车券' });
  const retired = await makeReward(ctx, manager, { name: '旧保养券' });
  await ctx
    .http()
    .patch(`/api/points/items/${retired.id}`)
    .set(manager.auth)
    .send({ active: false })
    .expect(200);
  const elsewhere = await makeDealership('别的门店');
  await makeReward(ctx, await makeStaff('manager', elsewhere._id), { name: '别店的券' });
  await ctx.http().get('/api/points/items').set(marketing.auth).expect(403);
  const res = await ctx.http().get('/api/lottery/voucher-items').set(marketing.auth).expect(200);
  const names = res.body.items.map((i: { name: string }) => i.name);
  expect(names).toContain('洗车券');
  expect(names).not.toContain('别店的券');
  expect(names.indexOf('旧保养券')).toBeGreaterThan(names.indexOf('洗车券'));
  expect(res.body.items.find((i: { id: string }) => i.id === wash.id)).toMatchObject({ active: true });
  expect(res.body.items.find((i: { id: string }) => i.id === retired.id)).toMatchObject({ active: false });
  await ctx
    .http()
    .get('/api/lottery/voucher-items')
    .query({ dealershipId: String(elsewhere._id) })
    .set(marketing.auth)
    .expect(403);
  const advisor = await makeStaff('advisor', dealershipId);
  await ctx.http().get('/api/lottery/voucher-items').set(advisor.auth).expect(403);
});

test('published campaigns, their revisions and draws cannot be deleted; a draft can', async () => {
  const member = await makeMember(ctx, dealershipId);
  const campaign = await publishCampaign(ctx, marketing, manager, lawfulTerms());
  await drawAs(ctx, member, campaign.id).expect(200);
  const refused = await ctx
    .http()
    .delete(`/api/lottery/campaigns/${campaign.id}`)
    .set(manager.auth)
    .expect(409);
  expect(refused.body.error.code).toBe('RECORDS_RETAINED');
  expect(await LotteryCampaign.exists({ _id: campaign.id })).not.toBeNull();
  expect(await LotteryRevision.countDocuments({ campaignId: campaign.id })).toBe(1);
  expect(await LotteryDraw.countDocuments({ campaignId: campaign.id })).toBe(1);

  const id = await draft();
  await ctx.http().delete(`/api/lottery/campaigns/${id}`).set(marketing.auth).expect(204);
  await ctx.http().get(`/api/lottery/campaigns/${id}`).set(marketing.auth).expect(404);
});

test('the job ends the campaign after its window and reveals the seed; the verification recomputes every draw', async () => {
  const members = await Promise.all([1, 2, 3, 4].map(() => makeMember(ctx, dealershipId)));
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({ entry: { freePerDay: 5, freePerCampaign: 0, pointsPerDraw: null, earnedBy: [] } })
  );
  for (const m of members) for (let i = 0; i < 5; i++) await drawAs(ctx, m, campaign.id).expect(200);
  await drawAs(ctx, members[0], campaign.id).expect(409);

  clock.set(() => new Date(new Date(campaign.terms.endsAt).getTime() + 10 * 60_000));
  try {
    await runJobNow('lottery-sweep', { deps: ctx.deps });
  } finally {
    clock.set(null);
  }
  const rules = await ctx.http().get(`/api/lottery/campaigns/${campaign.id}/rules`).expect(200);
  expect(rules.body.status).toBe('ended');
  expect(rules.body.seedHex).toMatch(/^[0-9a-f]{64}$/);
  const published = (await ctx.http().get(`/api/lottery/campaigns/${campaign.id}/verification`).expect(200))
    .body as PublishedCampaign;
  expect(published.draws.map((d) => d.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect(verifyCampaign(published)).toEqual({ ok: true, checked: 20, problems: [] });
  const tampered = {
    ...published,
    draws: published.draws.map((d, i) =>
      i === 0 ? { ...d, picked: d.picked === 'gift' ? 'pts' : 'gift' } : d
    )
  };
  expect(verifyCampaign(tampered).ok).toBe(false);
});
