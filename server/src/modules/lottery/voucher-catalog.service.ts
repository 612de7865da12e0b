import { Types } from 'mongoose';
import { RewardItem } from '../points/reward.model';

/**
 * The dealership's rewards catalog for the campaign form's voucher picker: names and validity
 * only (stock, prices and redemptions stay with the points managers), active items first.
 */
export async function voucherCatalog(dealershipId: string) {
  const items = await RewardItem.find({ dealershipId: new Types.ObjectId(dealershipId) })
    .sort({ createdAt: -1 })
    .limit(500)
    .lean();
  const views = items.map((item) => ({
    id: String(item._id),
    name: item.name,
    kind: item.kind,
    validDays: item.validDays,
    active: item.active
  }));
  return { items: [...views.filter((v) => v.active), ...views.filter((v) => !v.active)] };
}
