import type { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import type { Lot } from './points-lots';
import type { RewardItemDoc } from './reward.model';
import { Voucher } from './voucher.model';
import { newVoucherCode } from './voucher-code';

/**
 * Issuing the voucher of a redemption whose points are spent. One voucher per redemption (unique
 * `redemptionId`): the redeem request and the repair sweep may both try; whoever comes second
 * gets the voucher already stored.
 */

const DAY_MS = 86_400_000;

export interface RedemptionToIssue {
  item: RewardItemDoc & { _id: Types.ObjectId };
  customerId: Types.ObjectId;
  ownerId: Types.ObjectId;
  redemptionId: Types.ObjectId;
  /** The lots the spend took (a reversal gives them back). */
  consumed: readonly Lot[];
  claims: readonly string[];
  /** Shanghai day of the spend: validity counts from it. */
  redeemedOn: string;
}

export async function issueVoucher(r: RedemptionToIssue) {
  const validFrom = new Date(`${r.redeemedOn}T00:00:00+08:00`).getTime();
  const fields = {
    dealershipId: r.item.dealershipId,
    itemId: r.item._id,
    itemName: r.item.name,
    itemKind: r.item.kind,
    customerId: r.customerId,
    ownerId: r.ownerId,
    redemptionId: r.redemptionId,
    pointsSpent: r.item.pricePoints,
    consumed: r.consumed.map((l) => ({ ...l })),
    claims: [...r.claims],
    usesTotal: r.item.uses,
    validUntil: new Date(validFrom + (r.item.validDays + 1) * DAY_MS),
    reversedAt: null
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const created = await Voucher.create({ ...fields, code: newVoucherCode(), createdAt: clock.now() });
      return { voucher: created.toObject(), issued: true };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await Voucher.findOne({ redemptionId: r.redemptionId }).lean();
      if (existing) return { voucher: existing, issued: false };
      // Else a code collision (1 in 2^50 per pair): draw again.
      if (attempt >= 5) throw err;
    }
  }
}
