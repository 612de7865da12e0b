import type { Types } from 'mongoose';
import type { IsoDate } from '@dealer/shared/domain/dates';
import { TIER_ORDER, type Tier } from '@dealer/shared/domain/tiers/settings';
import { TierHistory } from './tier.model';

/**
 * Customers whose tier in force went up on the day (the care engine's `tier_upgrade`
 * audience): the day's first entry's previous tier against its last entry's new tier, so a
 * run and an override on the same day count once. Entering or leaving the tiers is no upgrade.
 */
export async function customersUpgradedOn(
  dealershipId: Types.ObjectId,
  date: IsoDate
): Promise<Types.ObjectId[]> {
  // Served by the index { dealershipId: 1, date: 1 }.
  const entries = await TierHistory.find(
    { dealershipId, date },
    { customerId: 1, fromTier: 1, toTier: 1, at: 1 }
  )
    .sort({ at: 1 })
    .lean();
  const day = new Map<string, { customerId: Types.ObjectId; from: Tier | null; to: Tier | null }>();
  for (const e of entries) {
    const key = String(e.customerId);
    const seen = day.get(key);
    if (seen) seen.to = (e.toTier as Tier | null) ?? null;
    else
      day.set(key, {
        customerId: e.customerId,
        from: (e.fromTier as Tier | null) ?? null,
        to: (e.toTier as Tier | null) ?? null
      });
  }
  return [...day.values()]
    .filter(({ from, to }) => from !== null && to !== null && TIER_ORDER[to] < TIER_ORDER[from])
    .map((m) => m.customerId);
}
