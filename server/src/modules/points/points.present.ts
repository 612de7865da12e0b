import type { PointsEntryView, RewardItemView, VoucherView } from '@dealer/shared';
import { shanghaiDate } from '../../lib/clock';
import type { PointsEntryDoc } from './points-ledger.model';
import type { RewardItemDoc } from './reward.model';
import type { VoucherDoc } from './voucher.model';
import type { Types } from 'mongoose';

export function presentEntry(e: PointsEntryDoc): PointsEntryView {
  return {
    seq: e.seq,
    kind: e.kind as PointsEntryView['kind'],
    source: e.source as PointsEntryView['source'],
    points: e.delta,
    balanceAfter: e.balanceAfter,
    reason: e.reason,
    at: e.at.toISOString()
  };
}

export function presentItem(i: RewardItemDoc & { _id: Types.ObjectId }, claimed: number): RewardItemView {
  return {
    id: String(i._id),
    dealershipId: String(i.dealershipId),
    name: i.name,
    description: i.description ?? '',
    kind: i.kind as RewardItemView['kind'],
    price: { points: i.pricePoints, cashFen: i.priceCashFen },
    stock: i.stock,
    claimed,
    perOwnerLimit: i.perOwnerLimit,
    uses: i.uses,
    validDays: i.validDays,
    tiersAllowed: i.tiersAllowed as RewardItemView['tiersAllowed'],
    visibleFrom: i.visibleFrom ?? null,
    visibleTo: i.visibleTo ?? null,
    active: i.active
  };
}

function voucherStatus(v: VoucherDoc, used: number, now: Date): VoucherView['status'] {
  if (v.reversedAt) return 'reversed';
  if (used >= v.usesTotal) return 'used_up';
  if (v.validUntil.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** `used`: uses confirmed so far (a reversal is not a use). */
export function presentVoucher(
  v: VoucherDoc & { _id: Types.ObjectId },
  used: number,
  now: Date
): VoucherView {
  return {
    id: String(v._id),
    code: v.code,
    dealershipId: String(v.dealershipId),
    item: { id: String(v.itemId), name: v.itemName, kind: v.itemKind as VoucherView['item']['kind'] },
    pointsSpent: v.pointsSpent,
    usesTotal: v.usesTotal,
    usesLeft: Math.max(0, v.usesTotal - used),
    nextUse: Math.min(used, v.usesTotal) + 1,
    validUntil: shanghaiDate(new Date(v.validUntil.getTime() - 1)),
    status: voucherStatus(v, used, now),
    createdAt: v.createdAt.toISOString()
  };
}
