import { Types } from 'mongoose';
import { clock, shanghaiDate } from '../../lib/clock';
import { conflict, forbidden, isDuplicateKeyError, notFound, unprocessable } from '../../lib/errors';
import { post } from './ledger-lane';
import { ownerArchiveAt } from './points-account.service';
import { RewardClaim, RewardItem, type RewardItemDoc } from './reward.model';
import { onSale, unitGroup } from './reward.service';
import { issueVoucher, type RedemptionToIssue } from './voucher-issue';
import { presentVoucher } from './points.present';
import { op } from '../../lib/query';

/**
 * Redeeming a reward with points: a per-owner slot, then a stock unit (both unique-index
 * claims), then the spend (a ledger entry keyed by the redemption), then the voucher. Whatever
 * fails gives back what was claimed before it.
 */

/** Claims one of `<group>:1..limit`, starting after the ones already taken; null when all are. */
async function claimSlot(group: string, limit: number, redemptionId: Types.ObjectId): Promise<string | null> {
  const taken = await RewardClaim.countDocuments({ group });
  const order = [
    ...Array.from({ length: limit - taken }, (_, i) => taken + i + 1),
    ...Array.from({ length: taken }, (_, i) => i + 1)
  ];
  for (const n of order) {
    if (n > limit) continue;
    const _id = `${group}:${n}`;
    try {
      await RewardClaim.create({ _id, group, redemptionId, at: clock.now() });
      return _id;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  return null;
}

export const releaseClaims = (ids: readonly string[]) => RewardClaim.deleteMany({ _id: op.in(ids) });

/** An item claimed for one purchase: the owner's slot and a stock unit, both held by `redemptionId`. */
export interface ClaimedItem {
  item: RewardItemDoc & { _id: Types.ObjectId };
  archive: { _id: Types.ObjectId; name?: string | null };
  dealershipId: string;
  claims: string[];
  /** Shanghai day of the claim. */
  today: string;
}

/**
 * Checks the item is on sale to the owner and claims a per-owner slot then a stock unit for
 * `redemptionId` (unique inserts). `payment`: a points redemption refuses items with a cash part;
 * a WeChat Pay order (the pay module) requires one.
 */
export async function claimItem(
  ownerId: string,
  itemId: string,
  redemptionId: Types.ObjectId,
  payment: 'points' | 'cash'
): Promise<ClaimedItem> {
  const item = await RewardItem.findById(itemId).lean();
  if (!item) throw notFound('奖品', 'REWARD_NOT_FOUND');
  const dealershipId = String(item.dealershipId);
  const archive = await ownerArchiveAt(ownerId, dealershipId).catch(() => {
    throw notFound('奖品', 'REWARD_NOT_FOUND');
  });
  const today = shanghaiDate(clock.now());
  if (!onSale({ ...item, tiersAllowed: [] }, today, null))
    throw unprocessable('REWARD_NOT_ON_SALE', '该奖品当前不可兑换');
  if (!onSale(item, today, archive.tier ?? null))
    throw forbidden('您的会员等级不能兑换该奖品', 'TIER_NOT_ALLOWED');
  if (payment === 'points' && item.priceCashFen > 0)
    throw unprocessable('CASH_PAYMENT_UNAVAILABLE', '该奖品需要现金支付，请用微信支付购买');
  if (payment === 'cash' && item.priceCashFen <= 0)
    throw unprocessable('NO_CASH_PRICE', '该奖品只需积分，请直接兑换');
  const ownerSlot = await claimSlot(
    `${itemId}:owner:${String(archive._id)}`,
    item.perOwnerLimit,
    redemptionId
  );
  if (!ownerSlot) throw conflict('REDEMPTION_LIMIT_REACHED', `每人限兑 ${item.perOwnerLimit} 次，您已达上限`);
  const unit = await claimSlot(unitGroup(itemId), item.stock, redemptionId);
  if (!unit) {
    await releaseClaims([ownerSlot]);
    throw conflict('OUT_OF_STOCK', '该奖品已兑完');
  }
  return { item, archive, dealershipId, claims: [ownerSlot, unit], today };
}

/**
 * The first half of a redemption: the owner's slot, a stock unit and the spend. A crash after it
 * leaves the points spent without a voucher; `repairRedemptions` issues it later.
 */
export async function claimAndSpend(ownerId: string, itemId: string): Promise<RedemptionToIssue> {
  const redemptionId = new Types.ObjectId();
  const { item, archive, dealershipId, claims, today } = await claimItem(
    ownerId,
    itemId,
    redemptionId,
    'points'
  );
  const ref = { accountId: String(archive._id), dealershipId };
  let consumed;
  try {
    const spent = await post(ref, {
      kind: 'spend',
      source: 'redemption',
      reason: `兑换「${item.name}」`,
      change: { type: 'debit', points: item.pricePoints },
      sourceKey: `${dealershipId}:redeem:${String(redemptionId)}`
    });
    consumed = spent.entry?.consumed ?? [];
  } catch (err) {
    await releaseClaims(claims);
    throw err;
  }
  return {
    item,
    customerId: archive._id,
    ownerId: new Types.ObjectId(ownerId),
    redemptionId,
    consumed,
    claims,
    redeemedOn: today
  };
}

/** Redeems a reward with points: claims, spends, then issues the voucher. */
export async function redeem(ownerId: string, itemId: string) {
  const { voucher } = await issueVoucher(await claimAndSpend(ownerId, itemId));
  return presentVoucher(voucher, 0, clock.now());
}
