import type { Types } from 'mongoose';
import type { LotteryCampaignTermsInput, LotteryCampaignView } from '@dealer/shared';
import { clock } from '../../server/src/lib/clock';
import type { StaffLogin } from '../support/factories';
import type { TestContext } from '../support/harness';

/** Helpers of the lottery tests: lawful terms, a campaign taken through approval, draws. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Terms = LotteryCampaignTermsInput;
type Prize = Terms['prizes'][number];

export const prize = (fields: Partial<Prize> & Pick<Prize, 'id' | 'kind'>): Prize => ({
  name: fields.id,
  valueFen: fields.kind === 'none' ? 0 : 10_000,
  weight: 1,
  stock: fields.kind === 'none' ? null : 10,
  rewardItemId: null,
  points: fields.kind === 'points' ? 100 : null,
  ...fields
});

/** Terms that pass every publication check: open now for a day, all bound owners, one free draw a day. */
export function lawfulTerms(overrides: Partial<Terms> = {}): Terms {
  const now = clock.now().getTime();
  return {
    name: '春季回馈抽奖',
    startsAt: new Date(now - HOUR).toISOString(),
    endsAt: new Date(now + DAY).toISOString(),
    audience: { tiers: [], segmentId: null, allBound: true, prospects: false },
    entry: { freePerDay: 1, freePerCampaign: 0, pointsPerDraw: null, earnedBy: [] },
    prizes: [
      prize({ id: 'gift', kind: 'gift', name: '车载香薰', valueFen: 9_900, weight: 1, stock: 5 }),
      prize({
        id: 'pts',
        kind: 'points',
        name: '100 积分',
        valueFen: 100,
        weight: 2,
        stock: 20,
        points: 100
      }),
      prize({ id: 'thanks', kind: 'none', name: '谢谢参与', weight: 7 })
    ],
    limits: { perDay: null, perCampaign: null, perPrize: null },
    claimDeadline: new Date(now + 30 * DAY).toISOString(),
    disclosure: {
      organiser: '测试4S店',
      contact: '020-12345678',
      drawMethod: '小程序内即时抽奖',
      claimMethod: '到店出示领奖码',
      delivery: '门店自提',
      forfeitConditions: '逾期未领视为放弃',
      showOdds: true
    },
    ...overrides
  };
}

/** Creates, submits and approves a campaign through the API; the published view. */
export async function publishCampaign(
  ctx: TestContext,
  marketing: StaffLogin,
  manager: StaffLogin,
  terms: Terms,
  dealershipId?: Types.ObjectId
): Promise<LotteryCampaignView> {
  const created = await ctx
    .http()
    .post('/api/lottery/campaigns')
    .set(marketing.auth)
    .send({ terms, ...(dealershipId ? { dealershipId: String(dealershipId) } : {}) })
    .expect(201);
  const id = created.body.id as string;
  await ctx.http().post(`/api/lottery/campaigns/${id}/submit`).set(marketing.auth).expect(200);
  const approved = await ctx
    .http()
    .post(`/api/lottery/campaigns/${id}/approve`)
    .set(manager.auth)
    .expect(200);
  return approved.body as LotteryCampaignView;
}

let keySeq = 0;
export const drawKey = () => `k${Date.now().toString(36)}${(++keySeq).toString(36).padStart(6, '0')}`;

export function drawAs(
  ctx: TestContext,
  owner: { auth: Record<string, string> },
  campaignId: string,
  key = drawKey()
) {
  return ctx
    .http()
    .post(`/api/owner/lottery/campaigns/${campaignId}/draws`)
    .set(owner.auth)
    .send({ idempotencyKey: key });
}

/** Runs the tasks with at most `width` of them at once; their results in order. */
export async function inParallel<T>(tasks: ReadonlyArray<() => Promise<T>>, width: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, lane));
  return results;
}

/** Ends the campaign as the job does, a while after its window (the seed is revealed). */
export async function endAndReveal(ctx: TestContext, endsAt: string): Promise<void> {
  const { runJobNow } = await import('../../server/src/lib/jobs/runner');
  clock.set(() => new Date(new Date(endsAt).getTime() + 10 * 60_000));
  try {
    await runJobNow('lottery-sweep', { deps: ctx.deps });
  } finally {
    clock.set(null);
  }
}

/** The burst's prizes: stock 10 / 50 / 200, each picked far more often than its stock. */
export const BURST_PRIZES = [
  prize({ id: 'gift10', kind: 'gift', name: '行车记录仪', valueFen: 39_900, weight: 10, stock: 10 }),
  prize({ id: 'pts50', kind: 'points', name: '500 积分', valueFen: 500, weight: 20, stock: 50, points: 500 }),
  prize({ id: 'pts200', kind: 'points', name: '50 积分', valueFen: 50, weight: 40, stock: 200, points: 50 }),
  prize({ id: 'thanks', kind: 'none', name: '谢谢参与', weight: 30 })
];
