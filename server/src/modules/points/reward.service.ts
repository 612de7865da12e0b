import { Types } from 'mongoose';
import type { z } from 'zod';
import type { createRewardItemRequest, RewardItemView, updateRewardItemRequest } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { notFound, unprocessable } from '../../lib/errors';
import { RewardClaim, RewardItem, type RewardItemDoc } from './reward.model';
import { presentItem } from './points.present';

/** The rewards catalog (managers) and the shop (owners). */

export const unitGroup = (itemId: string) => `${itemId}:unit`;

async function claimedUnits(itemIds: string[]): Promise<Map<string, number>> {
  const rows = await RewardClaim.aggregate<{ _id: string; n: number }>([
    { $match: { group: { $in: itemIds.map(unitGroup) } } },
    { $group: { _id: '$group', n: { $sum: 1 } } }
  ]);
  return new Map(rows.map((r) => [r._id.replace(/:unit$/, ''), r.n]));
}

async function presentItems(
  items: Array<RewardItemDoc & { _id: Types.ObjectId }>
): Promise<RewardItemView[]> {
  const claimed = await claimedUnits(items.map((i) => String(i._id)));
  return items.map((i) => presentItem(i, claimed.get(String(i._id)) ?? 0));
}

export async function createItem(dealershipId: string, input: z.output<typeof createRewardItemRequest>) {
  const now = clock.now();
  const item = await RewardItem.create({
    dealershipId: new Types.ObjectId(dealershipId),
    name: input.name,
    description: input.description,
    kind: input.kind,
    pricePoints: input.price.points,
    priceCashFen: input.price.cashFen,
    stock: input.stock,
    perOwnerLimit: input.perOwnerLimit,
    uses: input.kind === 'package' ? input.uses : 1,
    validDays: input.validDays,
    tiersAllowed: input.tiersAllowed,
    visibleFrom: input.visibleFrom,
    visibleTo: input.visibleTo,
    active: true,
    createdAt: now,
    updatedAt: now
  });
  return presentItem(item.toObject(), 0);
}

export async function listItems(dealershipId: string) {
  const items = await RewardItem.find({ dealershipId: new Types.ObjectId(dealershipId) })
    .sort({ createdAt: -1 })
    .lean();
  return { items: await presentItems(items) };
}

/** An item of a dealership the caller acts on (else 404). */
export async function loadItem(itemId: string, mayActOn: (dealershipId: string) => boolean) {
  const item = await RewardItem.findById(itemId).lean();
  if (!item || !mayActOn(String(item.dealershipId))) throw notFound('奖品', 'REWARD_NOT_FOUND');
  return item;
}

export async function updateItem(
  itemId: string,
  mayActOn: (dealershipId: string) => boolean,
  changes: z.output<typeof updateRewardItemRequest>
) {
  const item = await loadItem(itemId, mayActOn);
  const claimed = (await claimedUnits([itemId])).get(itemId) ?? 0;
  if (changes.stock !== undefined && changes.stock < claimed) {
    throw unprocessable('STOCK_BELOW_CLAIMED', `库存不能少于已兑换数量（${claimed}）`);
  }
  const from = changes.visibleFrom === undefined ? item.visibleFrom : changes.visibleFrom;
  const to = changes.visibleTo === undefined ? item.visibleTo : changes.visibleTo;
  if (from && to && from > to) throw unprocessable('INVALID_WINDOW', '上架开始日期不能晚于结束日期');
  await RewardItem.updateOne({ _id: item._id }, { $set: { ...changes, updatedAt: clock.now() } });
  const updated = await loadItem(itemId, mayActOn);
  return presentItem(updated, claimed);
}

/** Whether an owner of `tier` sees the item on `today` (active, inside its window, tier allowed). */
export function onSale(item: RewardItemDoc, today: string, tier: string | null): boolean {
  if (!item.active) return false;
  if (item.visibleFrom && today < item.visibleFrom) return false;
  if (item.visibleTo && today > item.visibleTo) return false;
  return item.tiersAllowed.length === 0 || (tier !== null && item.tiersAllowed.includes(tier as 'A'));
}

/** The shop an owner sees at a dealership. */
export async function shopFor(dealershipId: string, tier: string | null) {
  const today = shanghaiDate(clock.now());
  const items = await RewardItem.find({ dealershipId: new Types.ObjectId(dealershipId), active: true })
    .sort({ createdAt: -1 })
    .lean();
  return { items: await presentItems(items.filter((i) => onSale(i, today, tier))) };
}
