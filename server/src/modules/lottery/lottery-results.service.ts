import { Types } from 'mongoose';
import { op } from '../../lib/query';
import { BindingEvent } from '../bindings/binding.model';
import { Voucher, VoucherUse } from '../points/voucher.model';
import { termsOf } from './campaign-terms';
import type { CampaignRecord } from './campaign.scope';
import { LotteryDraw, LotteryEntrant, LotteryPickup } from './draw.model';

/**
 * Live results of a campaign: draws, unique participants, winners, stock and cost by prize,
 * points spent on draws, new prospects and bindings, prizes claimed (vouchers used at the
 * desk, gifts picked up; points are credited at once).
 */

async function countDistinct(match: Record<string, unknown>, field: string): Promise<number> {
  const [row] = await LotteryDraw.aggregate<{ n: number }>([
    { $match: match },
    { $group: { _id: `$${field}` } },
    { $count: 'n' }
  ]);
  return row?.n ?? 0;
}

async function vouchersUsed(drawIds: readonly string[]): Promise<Set<string>> {
  if (drawIds.length === 0) return new Set();
  const vouchers = await Voucher.find(
    { redemptionId: op.in(drawIds.map((id) => new Types.ObjectId(id))) },
    { redemptionId: 1 }
  ).lean();
  const uses = await VoucherUse.find(
    { voucherId: op.in(vouchers.map((v) => v._id)), kind: 'use' },
    { voucherId: 1 }
  ).lean();
  const used = new Set(uses.map((u) => String(u.voucherId)));
  return new Set(vouchers.filter((v) => used.has(String(v._id))).map((v) => String(v.redemptionId)));
}

export async function campaignResults(c: CampaignRecord) {
  const terms = termsOf(c);
  const drawn = { campaignId: c._id, state: 'done' };
  const realPrizes = terms.prizes.filter((p) => p.kind !== 'none').map((p) => p.id);
  const [draws, participants, winners, byPrize, spent, newProspects] = await Promise.all([
    LotteryDraw.countDocuments(drawn),
    countDistinct(drawn, 'customerId'),
    countDistinct({ ...drawn, fate: 'won', awarded: op.in(realPrizes) }, 'customerId'),
    LotteryDraw.aggregate<{ _id: string; n: number }>([
      { $match: { ...drawn, fate: 'won' } },
      { $group: { _id: '$awarded', n: { $sum: 1 } } }
    ]),
    LotteryDraw.aggregate<{ _id: null; points: number }>([
      { $match: drawn },
      { $group: { _id: null, points: { $sum: '$pointsSpent' } } }
    ]),
    LotteryEntrant.countDocuments({ campaignId: c._id, newProspect: true })
  ]);
  const awarded = new Map(byPrize.map((r) => [r._id, r.n]));
  const voucherPrizes = terms.prizes.filter((p) => p.kind === 'voucher').map((p) => p.id);
  const voucherDraws = await LotteryDraw.find(
    { ...drawn, fate: 'won', awarded: op.in(voucherPrizes) },
    { awarded: 1 }
  ).lean();
  const usedDraws = await vouchersUsed(voucherDraws.map((d) => d._id));
  const pickups = await LotteryPickup.find(
    { campaignId: c._id, pickedUpAt: op.ne(null) },
    { prizeId: 1 }
  ).lean();
  const claimedOf = (prizeId: string, kind: string) => {
    if (kind === 'points') return awarded.get(prizeId) ?? 0;
    if (kind === 'gift') return pickups.filter((p) => p.prizeId === prizeId).length;
    if (kind === 'voucher')
      return voucherDraws.filter((d) => d.awarded === prizeId && usedDraws.has(d._id)).length;
    return 0;
  };
  const prizes = terms.prizes.map((p) => {
    const n = awarded.get(p.id) ?? 0;
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      stock: p.stock,
      awarded: n,
      left: p.stock === null ? null : Math.max(0, p.stock - n),
      claimed: claimedOf(p.id, p.kind),
      costFen: p.kind === 'none' ? 0 : n * p.valueFen
    };
  });
  const customerIds = await LotteryDraw.distinct('customerId', drawn);
  const newBindings = await BindingEvent.countDocuments({
    dealershipId: c.dealershipId,
    type: 'bind',
    customerId: op.in(customerIds),
    at: op.range(new Date(terms.startsAt), new Date(terms.endsAt))
  });
  return {
    campaignId: String(c._id),
    draws,
    participants,
    winners,
    prizes,
    costFen: prizes.reduce((s, p) => s + p.costFen, 0),
    pointsSpent: spent[0]?.points ?? 0,
    newProspects,
    newBindings,
    prizesClaimed: prizes.filter((p) => p.kind !== 'none').reduce((s, p) => s + p.claimed, 0)
  };
}
