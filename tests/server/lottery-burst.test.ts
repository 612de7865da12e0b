/**
 * 5,000 concurrent draws by 500 owners on three prizes with stock 10 / 50 / 200, three draws a
 * day each and at most two of a prize (issue 12 "Never oversold, limits that hold"): every
 * stock given out exactly, no owner over a limit, every draw recorded once with a gapless
 * sequence, each points prize credited once — and the public verification passes on the result.
 */
import { Types } from 'mongoose';
import { verifyCampaign, type PublishedCampaign } from '@dealer/shared';
import { op } from '../../server/src/lib/query';
import { LotteryClaim, LotteryDraw, LotteryPickup } from '../../server/src/modules/lottery/draw.model';
import { LotteryDrawStart } from '../../server/src/modules/lottery/draw-start.model';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { makeDealership, makeStaff } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { makeMember } from './points-support';
import {
  BURST_PRIZES,
  drawAs,
  endAndReveal,
  inParallel,
  lawfulTerms,
  publishCampaign
} from './lottery-support';

jest.setTimeout(600_000);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const OWNERS = 500;
const DRAWS_EACH = 10;
const PER_DAY = 3;
const PER_PRIZE = 2;

test('5,000 concurrent draws: stock exact, limits exact, every draw once, the verification passes', async () => {
  const dealership = await makeDealership('抽奖压测门店');
  const [marketing, manager] = await Promise.all([
    makeStaff('marketing', dealership._id),
    makeStaff('manager', dealership._id)
  ]);
  const members = await inParallel(
    Array.from({ length: OWNERS }, () => () => makeMember(ctx, dealership._id)),
    20
  );
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({
      prizes: BURST_PRIZES,
      entry: { freePerDay: DRAWS_EACH, freePerCampaign: 0, pointsPerDraw: null, earnedBy: [] },
      limits: { perDay: PER_DAY, perCampaign: null, perPrize: PER_PRIZE }
    })
  );

  // Each owner's ten taps are interleaved with everyone else's.
  const taps = Array.from({ length: OWNERS * DRAWS_EACH }, (_, i) => members[i % OWNERS]);
  const answers = await inParallel(
    taps.map(
      (m) => () => drawAs(ctx, m, campaign.id).then((r) => ({ status: r.status, code: r.body.error?.code }))
    ),
    200
  );
  const won = answers.filter((a) => a.status === 200).length;
  expect(won).toBe(OWNERS * PER_DAY);
  expect(answers.filter((a) => a.status === 409 && a.code === 'DAILY_DRAW_LIMIT').length).toBe(
    OWNERS * (DRAWS_EACH - PER_DAY)
  );

  const draws = await LotteryDraw.find({ campaignId: new Types.ObjectId(campaign.id) }).lean();
  expect(draws.filter((d) => d.state === 'done').length).toBe(OWNERS * PER_DAY);
  // Taps beyond the limit are refused with their refusal kept, or before any record once the
  // limit is seen full: nothing else is left.
  expect(draws.filter((d) => d.state !== 'done' && d.state !== 'refused')).toEqual([]);
  // Every draw started was finished (a start without its record would be left to the sweep).
  const starts = await LotteryDrawStart.find(
    { campaignId: new Types.ObjectId(campaign.id) },
    { _id: 1 }
  ).lean();
  expect(starts.map((s) => s._id).sort()).toEqual(draws.map((d) => d._id).sort());
  const done = draws.filter((d) => d.state === 'done');
  expect(done.map((d) => d.seq).sort((a, b) => a! - b!)).toEqual(
    Array.from({ length: won }, (_, i) => i + 1)
  );

  const perOwner = new Map<string, number>();
  const perOwnerPrize = new Map<string, number>();
  const awarded = new Map<string, number>();
  for (const d of done) {
    perOwner.set(String(d.customerId), (perOwner.get(String(d.customerId)) ?? 0) + 1);
    awarded.set(d.awarded!, (awarded.get(d.awarded!) ?? 0) + 1);
    if (d.awarded !== 'thanks') {
      const key = `${String(d.customerId)}:${d.awarded}`;
      perOwnerPrize.set(key, (perOwnerPrize.get(key) ?? 0) + 1);
    }
  }
  expect(new Set(perOwner.values())).toEqual(new Set([PER_DAY]));
  expect(Math.max(...perOwnerPrize.values())).toBeLessThanOrEqual(PER_PRIZE);
  // Every prize was picked far more often than its stock: each is given out exactly.
  expect({
    gift10: awarded.get('gift10'),
    pts50: awarded.get('pts50'),
    pts200: awarded.get('pts200')
  }).toEqual({
    gift10: 10,
    pts50: 50,
    pts200: 200
  });
  expect(done.filter((d) => d.fate === 'out-of-stock').length).toBeGreaterThan(0);

  // Units claimed = stock; one pickup per gift; one ledger credit per points prize.
  for (const p of BURST_PRIZES.filter((x) => x.stock !== null))
    expect(await LotteryClaim.countDocuments({ group: `${campaign.id}:unit:${p.id}` })).toBe(p.stock);
  expect(await LotteryPickup.countDocuments({ campaignId: new Types.ObjectId(campaign.id) })).toBe(10);
  const pointDraws = done.filter((d) => d.awarded === 'pts50' || d.awarded === 'pts200').map((d) => d._id);
  const credits = await PointsEntry.find({
    sourceKey: op.in(pointDraws.map((id) => `${String(dealership._id)}:lottery-prize:${id}`))
  }).lean();
  expect(credits.length).toBe(250);
  expect(credits.reduce((s, e) => s + e.delta, 0)).toBe(50 * 500 + 200 * 50);

  await endAndReveal(ctx, campaign.terms.endsAt);
  const published = (await ctx.http().get(`/api/lottery/campaigns/${campaign.id}/verification`).expect(200))
    .body as PublishedCampaign;
  expect(verifyCampaign(published)).toEqual({ ok: true, checked: won, problems: [] });
});
