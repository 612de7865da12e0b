import { Types } from 'mongoose';
import { clock, shanghaiDate } from '../../lib/clock';
import { op } from '../../lib/query';
import { Customer } from '../customers/customer.model';
import { post } from './ledger-lane';
import { plainLots } from './points-ledger';
import { PointsEntry } from './points-ledger.model';
import { releaseClaims } from './redemption.service';
import { RewardClaim, RewardItem } from './reward.model';
import { Voucher } from './voucher.model';
import { issueVoucher } from './voucher-issue';

/**
 * The crash gap of a redemption: points spent (`redeem:<redemptionId>`) but the server stopped
 * before the voucher was stored. The sweep finds spends older than a grace period without a
 * voucher and issues it (unique `redemptionId`: once, whoever races). When it cannot (the item,
 * the owner's binding or the claims are gone) it refunds the points instead, keyed
 * `redeem-refund:<redemptionId>` (once), and frees the claims.
 */

const MINUTE_MS = 60_000;
/** A redemption younger than this may still be finishing its own voucher. */
export const REPAIR_GRACE_MS = 10 * MINUTE_MS;
/** Spends this old are no longer looked at (the sweep runs every ten minutes). */
const LOOKBACK_MS = 3 * 24 * 60 * MINUTE_MS;

type SpendEntry = {
  sourceKey: string;
  accountId: Types.ObjectId;
  consumed: Array<{ lot: string; expiresOn?: string | null; remaining: number }>;
  at: Date;
};

const redemptionIdOf = (sourceKey: string) => sourceKey.slice(sourceKey.lastIndexOf(':') + 1);

async function orphanedSpends(dealershipId: string): Promise<SpendEntry[]> {
  const now = clock.now().getTime();
  const spends = await PointsEntry.find(
    {
      dealershipId: new Types.ObjectId(dealershipId),
      at: op.range(new Date(now - LOOKBACK_MS), new Date(now - REPAIR_GRACE_MS)),
      source: 'redemption',
      kind: 'spend'
    },
    { sourceKey: 1, accountId: 1, consumed: 1, at: 1 }
  ).lean<SpendEntry[]>();
  const ids = spends.map((s) => new Types.ObjectId(redemptionIdOf(s.sourceKey)));
  const vouchers = await Voucher.find({ redemptionId: op.in(ids) }, { redemptionId: 1 }).lean();
  const issued = new Set(vouchers.map((v) => String(v.redemptionId)));
  return spends.filter((s) => !issued.has(redemptionIdOf(s.sourceKey)));
}

const lotsOf = (spend: SpendEntry) => plainLots(spend.consumed);

/** Issues the missing voucher, or refunds the spend when the voucher cannot be issued. */
async function repairOne(dealershipId: string, spend: SpendEntry): Promise<'issued' | 'refunded' | 'none'> {
  const redemptionId = new Types.ObjectId(redemptionIdOf(spend.sourceKey));
  const claims = await RewardClaim.find({ redemptionId }).lean();
  const itemId = claims[0]?.group.split(':')[0];
  const [item, customer] = await Promise.all([
    itemId ? RewardItem.findById(itemId).lean() : null,
    Customer.findById(spend.accountId, { ownerId: 1 }).lean()
  ]);
  if (item && customer?.ownerId && claims.length === 2) {
    const { issued } = await issueVoucher({
      item,
      customerId: spend.accountId,
      ownerId: customer.ownerId,
      redemptionId,
      consumed: lotsOf(spend),
      claims: claims.map((c) => c._id),
      redeemedOn: shanghaiDate(spend.at)
    });
    return issued ? 'issued' : 'none';
  }
  const refunded = await post(
    { accountId: String(spend.accountId), dealershipId },
    {
      kind: 'refund',
      source: 'redemption',
      reason: `兑换「${item?.name ?? '奖品'}」未能出券，退回积分`,
      change: { type: 'restore', lots: lotsOf(spend) },
      sourceKey: `${dealershipId}:redeem-refund:${String(redemptionId)}`
    }
  );
  await releaseClaims(claims.map((c) => c._id));
  return refunded.duplicate ? 'none' : 'refunded';
}

/** Repairs a dealership's redemptions left without a voucher; counts what it did. */
export async function repairRedemptions(dealershipId: string) {
  const counts = { issued: 0, refunded: 0 };
  for (const spend of await orphanedSpends(dealershipId)) {
    const outcome = await repairOne(dealershipId, spend);
    if (outcome !== 'none') counts[outcome] += 1;
  }
  return counts;
}
