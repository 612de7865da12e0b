/**
 * Lottery test fixtures: valid campaign terms, and a reference simulation of the documented
 * stock and limit rule (docs/lottery.md) that produces a correct public record to tamper with.
 */
import {
  fallbackPrize,
  pickPrize,
  seedCommitment,
  type CampaignPrize,
  type CampaignTerms,
  type DrawFate,
  type PrizeSpec,
  type PublishedCampaign,
  type PublishedDraw
} from '@dealer/shared/domain/lottery';

export const SEED = '6f1d0c8e4b2a49f7a3c5e1d2b4f60718293a4b5c6d7e8f90112233445566778a';

export function prize(overrides: Partial<CampaignPrize> & Pick<CampaignPrize, 'id'>): CampaignPrize {
  return {
    name: overrides.id,
    kind: 'gift',
    valueFen: 10_000,
    weight: 1,
    stock: 10,
    rewardItemId: null,
    points: null,
    ...overrides
  };
}

export function validTerms(): CampaignTerms {
  return {
    name: '冬季关爱抽奖',
    startsAt: '2026-12-01T00:00:00.000Z',
    endsAt: '2026-12-31T16:00:00.000Z',
    audience: { tiers: ['A', 'B'], segmentId: null, allBound: false, prospects: true },
    entry: { freePerDay: 1, freePerCampaign: 0, pointsPerDraw: 100, earnedBy: ['binding'] },
    prizes: [
      prize({
        id: 'wash',
        name: '免费洗车券',
        kind: 'voucher',
        valueFen: 5_000,
        weight: 20,
        stock: 50,
        rewardItemId: 'item-wash'
      }),
      prize({
        id: 'points',
        name: '200 积分',
        kind: 'points',
        valueFen: 2_000,
        weight: 30,
        stock: 200,
        points: 200
      }),
      prize({ id: 'mat', name: '汽车脚垫', kind: 'gift', valueFen: 30_000, weight: 5, stock: 10 }),
      prize({ id: 'none', name: '谢谢参与', kind: 'none', valueFen: 0, weight: 45, stock: null })
    ],
    limits: { perDay: 3, perCampaign: 20, perPrize: 2 },
    claimDeadline: '2027-01-15T16:00:00.000Z',
    disclosure: {
      organiser: '上海某某汽车销售服务有限公司',
      contact: '021-12345678',
      drawMethod: '小程序在线即时抽奖',
      claimMethod: '凭小程序中奖记录到店领取，券类奖品在小程序“我的券”中查看',
      delivery: '实物奖品到店自提',
      forfeitConditions: '逾期未领取视为放弃',
      showOdds: false
    }
  };
}

export interface SimulatedDraw {
  participant: string;
  excluded?: boolean;
}

/**
 * Applies the rule in seq order: an excluded participant gets the fallback; otherwise the
 * pick is awarded unless its stock is gone or the participant holds the per-prize limit.
 */
export function simulateDraws(
  seedHex: string,
  prizes: readonly PrizeSpec[],
  perOwnerPrizeLimit: number | null,
  draws: readonly SimulatedDraw[],
  stockAt: (prize: PrizeSpec, seq: number) => number | null = (p) => p.stock
): PublishedDraw[] {
  const fallback = fallbackPrize(prizes);
  if (!fallback) throw new Error('fixture needs a fallback prize');
  const awardedByPrize = new Map<string, number>();
  const held = new Map<string, number>();
  return draws.map((draw, index) => {
    const seq = index + 1;
    const drawId = `campaign-1:${seq}`;
    const picked = pickPrize(seedHex, drawId, prizes);
    const pickedPrize = prizes.find((p) => p.id === picked) as PrizeSpec;
    const holdKey = `${draw.participant}:${picked}`;
    const stock = stockAt(pickedPrize, seq);
    let fate: DrawFate = 'won';
    if (draw.excluded) fate = 'excluded';
    else if (picked === fallback.id) fate = 'won';
    else if (stock !== null && (awardedByPrize.get(picked) ?? 0) >= stock) fate = 'out-of-stock';
    else if (perOwnerPrizeLimit !== null && (held.get(holdKey) ?? 0) >= perOwnerPrizeLimit)
      fate = 'over-limit';
    const awarded = fate === 'won' ? picked : fallback.id;
    awardedByPrize.set(awarded, (awardedByPrize.get(awarded) ?? 0) + 1);
    if (awarded === picked) held.set(holdKey, (held.get(holdKey) ?? 0) + 1);
    return { drawId, seq, participant: draw.participant, picked, awarded, fate };
  });
}

/** `count` draws by `participants` owners in turn. */
export function roundRobin(count: number, participants: number): SimulatedDraw[] {
  return Array.from({ length: count }, (_, i) => ({ participant: `p${i % participants}` }));
}

export function publishedCampaign(
  prizes: readonly PrizeSpec[],
  perOwnerPrizeLimit: number | null,
  draws: readonly SimulatedDraw[]
): PublishedCampaign {
  return {
    campaignId: 'campaign-1',
    commitment: seedCommitment(SEED),
    seedHex: SEED,
    prizes,
    perOwnerPrizeLimit,
    draws: simulateDraws(SEED, prizes, perOwnerPrizeLimit, draws)
  };
}
