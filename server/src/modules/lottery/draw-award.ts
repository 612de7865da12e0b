import { Types } from 'mongoose';
import type { PointsRules } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { TtlCache } from '../../lib/ttl-cache';
import { expiryFor, rulesOf } from '../points/points-rules.service';
import { RewardItem } from '../points/reward.model';
import { issueVoucher } from '../points/voucher-issue';
import { newVoucherCode } from '../points/voucher-code';
import { prizeById } from './campaign-terms';
import { creditPrizePoints } from './draw-prize-points';
import type { DrawContext } from './draw-context';
import { LotteryPickup } from './draw.model';
import { recordFinished } from './draw-start';

/**
 * The last step: giving the prize — points credited (the ledger's source key is the draw's),
 * a voucher of the catalog item issued (one per draw: the voucher's redemption id is the draw
 * id; no points spent), or a gift's pickup code (one per draw). Each is once-only, so the
 * request, its retry and the repair sweep may all get here.
 */

export const prizeSourceKey = (dealershipId: string, drawId: string) =>
  `${dealershipId}:lottery-prize:${drawId}`;

interface Award {
  pointsAwarded: number;
  voucherCode: string | null;
  pickupCode: string | null;
}

/**
 * The points rules (for the prize points' expiry) as draws read them: a burst reads them once
 * per dealership, not once per prize; a change reaches draws within the TTL.
 */
const pointsRules = new TtlCache<PointsRules>(30_000);

const NOTHING: Award = { pointsAwarded: 0, voucherCode: null, pickupCode: null };

async function giftPickup(ctx: DrawContext, prizeId: string, prizeName: string): Promise<string> {
  const { campaign, draw } = ctx;
  for (let attempt = 0; ; attempt++) {
    try {
      const code = newVoucherCode();
      await LotteryPickup.create({
        _id: code,
        drawId: draw._id,
        campaignId: campaign._id,
        dealershipId: campaign.dealershipId,
        customerId: draw.customerId,
        prizeId,
        prizeName,
        claimDeadline: new Date(campaign.terms.claimDeadline),
        pickedUpAt: null,
        pickedUpBy: null,
        createdAt: clock.now()
      });
      return code;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await LotteryPickup.findOne({ drawId: draw._id }, { _id: 1 }).lean();
      if (existing) return String(existing._id);
      if (attempt >= 5) throw err; // else a code collision: draw another
    }
  }
}

async function give(ctx: DrawContext): Promise<Award> {
  const { campaign, draw } = ctx;
  const prize = draw.fate === 'won' && draw.awarded ? prizeById(campaign.terms, draw.awarded) : undefined;
  if (!prize) return NOTHING;
  const dealershipId = String(campaign.dealershipId);
  switch (prize.kind) {
    case 'none':
      return NOTHING;
    case 'points': {
      const points = prize.points ?? 0;
      const rules = await pointsRules.getOrLoad(dealershipId, () => rulesOf(dealershipId));
      await creditPrizePoints({
        ref: { accountId: String(draw.customerId), dealershipId },
        posting: {
          kind: 'earn',
          source: 'lottery',
          reason: `抽奖「${campaign.terms.name}」中奖：${prize.name}`,
          change: { type: 'credit', points, expiresOn: expiryFor(rules, clock.now()) },
          sourceKey: prizeSourceKey(dealershipId, draw._id)
        }
      });
      return { ...NOTHING, pointsAwarded: points };
    }
    case 'voucher': {
      const item = prize.rewardItemId ? await RewardItem.findById(prize.rewardItemId).lean() : null;
      if (!item) throw new Error(`voucher prize ${prize.id} has no catalog item`);
      const { voucher } = await issueVoucher({
        // A prize, not a redemption: the voucher records no points spent.
        item: { ...item, pricePoints: 0 },
        customerId: draw.customerId,
        ownerId: draw.ownerId,
        redemptionId: new Types.ObjectId(draw._id),
        consumed: [],
        claims: [],
        redeemedOn: draw.day
      });
      return { ...NOTHING, voucherCode: voucher.code };
    }
    case 'gift':
      return { ...NOTHING, pickupCode: await giftPickup(ctx, prize.id, prize.name) };
  }
}

/** Gives the prize, then stores the finished draw with its outcome and prize (state done), in one insert. */
export async function award(ctx: DrawContext): Promise<void> {
  const d = ctx.draw;
  if (d.state === 'done' || d.state === 'refused') return;
  const given = await give(ctx);
  const doneAt = clock.now();
  ctx.draw = await recordFinished({ ...d, drawnAt: d.drawnAt ?? doneAt, ...given, state: 'done', doneAt });
}
