import { Types } from 'mongoose';
import type { StaffAuth } from '../../http/auth-context';
import { mayActOn } from '../../http/dealership-scope';
import { clock } from '../../lib/clock';
import { conflict, notFound, unprocessable } from '../../lib/errors';
import { Customer } from '../customers/customer.model';
import { LotteryCampaign } from './campaign.model';
import { claimSlot } from './draw-claims';
import { LotteryPickup } from './draw.model';

/** The desk hands out a gift prize against its pickup code, once, before the claim deadline. */

async function pickupFor(auth: StaffAuth, code: string) {
  const pickup = await LotteryPickup.findById(code).lean();
  if (!pickup || !mayActOn(auth, String(pickup.dealershipId))) throw notFound('领奖码', 'PICKUP_NOT_FOUND');
  return pickup;
}

async function present(pickup: Awaited<ReturnType<typeof pickupFor>>) {
  const [campaign, customer] = await Promise.all([
    LotteryCampaign.findById(pickup.campaignId, { 'terms.name': 1 }).lean(),
    Customer.findById(pickup.customerId, { name: 1 }).lean()
  ]);
  const terms = campaign?.terms as { name?: string } | undefined;
  return {
    code: String(pickup._id),
    campaignName: terms?.name ?? '',
    prizeName: pickup.prizeName,
    customerName: customer?.name ?? '',
    claimDeadline: pickup.claimDeadline ? pickup.claimDeadline.toISOString() : null,
    pickedUpAt: pickup.pickedUpAt ? pickup.pickedUpAt.toISOString() : null
  };
}

export async function lookUpPickup(auth: StaffAuth, code: string) {
  return present(await pickupFor(auth, code));
}

export async function confirmPickup(auth: StaffAuth, code: string) {
  const pickup = await pickupFor(auth, code);
  const now = clock.now();
  if (pickup.claimDeadline && pickup.claimDeadline.getTime() < now.getTime())
    throw unprocessable('PICKUP_EXPIRED', '已过领奖截止时间');
  // Two desks confirming at once hand out one gift: the pickup is a unique claim.
  const claimed = await claimSlot(`${String(pickup.campaignId)}:pickup:${code}`, 1, {
    campaignId: pickup.campaignId,
    drawId: pickup.drawId
  });
  if (claimed === null) throw conflict('PICKUP_DONE', '该奖品已领取');
  await LotteryPickup.updateOne(
    { _id: code, pickedUpAt: null },
    { $set: { pickedUpAt: now, pickedUpBy: new Types.ObjectId(auth.staffId) } }
  );
  return present({ ...pickup, pickedUpAt: now });
}
