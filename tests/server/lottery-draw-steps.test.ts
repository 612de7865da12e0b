/**
 * The draw's steps as stored (docs/lottery.md "A draw"): a start, claims, the prize, then the
 * finished draw in one insert. A tap over a full limit writes nothing and a retry still
 * answers its draw; concurrent taps read the audience together and each gets its own answer;
 * a draw stopped after any step is finished by the repair sweep exactly once, with the same
 * outcome and no second prize.
 */
import { Types } from 'mongoose';
import { clock, shanghaiDate } from '../../server/src/lib/clock';
import { liveCampaign } from '../../server/src/modules/lottery/campaign-cache';
import { repairDraws } from '../../server/src/modules/lottery/draw-repair';
import { newDraw, recordStart } from '../../server/src/modules/lottery/draw-start';
import { LotteryDrawStart, LotterySweepMark } from '../../server/src/modules/lottery/draw-start.model';
import { LotteryClaim, LotteryDraw, LotteryPickup } from '../../server/src/modules/lottery/draw.model';
import { participantOf } from '../../server/src/modules/lottery/draw-participant';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { op } from '../../server/src/lib/query';
import { makeDealership, makeStaff, type StaffLogin } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { expectLedgerConsistent, makeMember } from './points-support';
import { drawAs, drawKey, lawfulTerms, prize, publishCampaign } from './lottery-support';

let ctx: TestContext;
let marketing: StaffLogin;
let manager: StaffLogin;
let dealershipId: Types.ObjectId;
beforeAll(async () => {
  ctx = await startTestApp();
  const dealership = await makeDealership('抽奖步骤门店');
  dealershipId = dealership._id;
  [marketing, manager] = await Promise.all([
    makeStaff('marketing', dealershipId),
    makeStaff('manager', dealershipId)
  ]);
});
afterAll(() => ctx.close());

const freeDraws = (perDay: number) => ({
  freePerDay: perDay,
  freePerCampaign: 0,
  pointsPerDraw: null,
  earnedBy: []
});
const stored = async (campaignId: string) => {
  const campaign = new Types.ObjectId(campaignId);
  return {
    starts: await LotteryDrawStart.countDocuments({ campaignId: campaign }),
    draws: await LotteryDraw.countDocuments({ campaignId: campaign }),
    claims: await LotteryClaim.countDocuments({ campaignId: campaign })
  };
};

test('a tap over the daily limit is refused and writes nothing; a retry of a drawn tap still answers its draw', async () => {
  const member = await makeMember(ctx, dealershipId);
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({ entry: freeDraws(5), limits: { perDay: 2, perCampaign: null, perPrize: null } })
  );
  const keys = [drawKey(), drawKey()];
  const drawn = [];
  for (const key of keys) drawn.push((await drawAs(ctx, member, campaign.id, key).expect(200)).body);
  const before = await stored(campaign.id);
  for (let i = 0; i < 3; i++) {
    const refused = await drawAs(ctx, member, campaign.id).expect(409);
    expect(refused.body.error.code).toBe('DAILY_DRAW_LIMIT');
  }
  expect(await stored(campaign.id)).toEqual(before);
  // The second draw's answer was lost: its retry is let through the full limit and answered.
  expect((await drawAs(ctx, member, campaign.id, keys[1]).expect(200)).body).toEqual(drawn[1]);
  expect(await stored(campaign.id)).toEqual(before);
});

test('the same key sent at once by ten taps is one start, one draw, one answer', async () => {
  const member = await makeMember(ctx, dealershipId);
  const campaign = await publishCampaign(ctx, marketing, manager, lawfulTerms({ entry: freeDraws(3) }));
  const key = drawKey();
  const answers = await Promise.all(Array.from({ length: 10 }, () => drawAs(ctx, member, campaign.id, key)));
  expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
  expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
  expect(await stored(campaign.id)).toMatchObject({ starts: 1, draws: 1 });
});

test('owners reading the audience together each get their own answer', async () => {
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({ audience: { tiers: ['A'], segmentId: null, allBound: false, prospects: false } })
  );
  const members = await Promise.all(
    ['A', 'B', 'A', null, 'A', 'C'].map((tier) => makeMember(ctx, dealershipId, tier ? { tier } : {}))
  );
  const answers = await Promise.all(members.map((m) => drawAs(ctx, m, campaign.id)));
  expect(answers.map((a) => a.status)).toEqual([200, 403, 200, 403, 200, 403]);
  const draws = await LotteryDraw.find({ campaignId: new Types.ObjectId(campaign.id) }).lean();
  expect(draws.map((d) => String(d.customerId)).sort()).toEqual(
    [0, 2, 4].map((i) => String(members[i].customer._id)).sort()
  );
});

test('a draw stopped after any step is finished by the sweep once, with the same outcome and prize', async () => {
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({
      prizes: [
        prize({ id: 'pts', kind: 'points', name: '80 积分', weight: 1, stock: 3, points: 80 }),
        prize({ id: 'gift', kind: 'gift', name: '雨伞', weight: 1, stock: 3 }),
        prize({ id: 'thanks', kind: 'none', name: '谢谢参与', weight: 0 })
      ],
      entry: freeDraws(3)
    })
  );
  const members = await Promise.all([1, 2, 3].map(() => makeMember(ctx, dealershipId)));
  // Stopped before its final insert: everything taken and given, the record missing.
  const finished = await Promise.all(members.slice(0, 2).map((m) => drawAs(ctx, m, campaign.id).expect(200)));
  const lost = await Promise.all(finished.map((f) => LotteryDraw.findById(f.body.id).lean()));
  await LotteryDraw.deleteMany({ _id: op.in(finished.map((f) => f.body.id as string)) });
  // Stopped right after its start: nothing taken yet.
  const live = (await liveCampaign(campaign.id))!;
  const participant = await participantOf(live, live.terms, members[2].ownerId);
  const started = newDraw(
    live,
    participant,
    `${campaign.id}:${members[2].ownerId}:stopped`,
    shanghaiDate(clock.now()),
    clock.now()
  );
  expect(await recordStart(started)).toBe(true);

  const repaired = await repairDraws(0);
  expect(repaired).toEqual({ finished: 3, refused: 0, failed: 0 });
  for (const before of lost) {
    const after = await LotteryDraw.findById(before!._id).lean();
    const outcome = (d: typeof before) => ({
      seq: d!.seq,
      picked: d!.picked,
      awarded: d!.awarded,
      fate: d!.fate,
      entry: d!.entry,
      pointsAwarded: d!.pointsAwarded,
      pickupCode: d!.pickupCode,
      state: d!.state
    });
    expect(outcome(after)).toEqual(outcome(before));
  }
  const third = await LotteryDraw.findById(started._id).lean();
  expect(third).toMatchObject({ state: 'done', fate: 'won', seq: 3 });

  // Once: a second run finds nothing, the mark has moved past every start, no prize doubled.
  expect(await repairDraws(0)).toEqual({ finished: 0, refused: 0, failed: 0 });
  const mark = await LotterySweepMark.findById('draw-repair').lean();
  expect(mark!.upTo.getTime()).toBeGreaterThanOrEqual(started.createdAt.getTime());
  const all = await LotteryDraw.find({ campaignId: new Types.ObjectId(campaign.id) }).lean();
  const credits = await PointsEntry.find({
    sourceKey: op.startsWith(`${String(dealershipId)}:lottery-prize:`)
  }).lean();
  const pointDraws = all
    .filter((d) => d.awarded === 'pts')
    .map((d) => `${String(dealershipId)}:lottery-prize:${d._id}`);
  expect(
    credits
      .map((c) => c.sourceKey)
      .filter((k) => pointDraws.includes(k))
      .sort()
  ).toEqual(pointDraws.sort());
  expect(await LotteryPickup.countDocuments({ campaignId: new Types.ObjectId(campaign.id) })).toBe(
    all.filter((d) => d.awarded === 'gift').length
  );
  for (const m of members) await expectLedgerConsistent(m.ref);
});

test('a start the sweep cannot finish keeps the mark before it, run after run', async () => {
  const live = (await liveCampaign((await publishCampaign(ctx, marketing, manager, lawfulTerms())).id))!;
  const member = await makeMember(ctx, dealershipId);
  const participant = await participantOf(live, live.terms, member.ownerId);
  // A start whose campaign is gone (it cannot be finished now).
  const orphan = newDraw(
    { ...live, _id: new Types.ObjectId() },
    participant,
    `orphan:${drawKey()}`,
    shanghaiDate(clock.now()),
    clock.now()
  );
  await recordStart(orphan);
  for (let run = 0; run < 2; run++) {
    await repairDraws(0);
    const mark = await LotterySweepMark.findById('draw-repair').lean();
    expect(mark!.upTo.getTime()).toBeLessThan(orphan.createdAt.getTime());
  }
  expect(await LotteryDraw.findById(orphan._id).lean()).toBeNull();
});
