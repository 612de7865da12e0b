import mongoose, { Types } from 'mongoose';
import { TIERS, type Tier } from '@dealer/shared';
import { isIsoDate } from '@dealer/shared/domain';
import { dayOf } from './kpi-days';
import type { TierChange } from './kpi-dataset';

/**
 * Reads the tier history the tiers module writes (one entry per customer whose tier in
 * force changed in a run: `{dealershipId, customerId, date, fromTier, toTier}`, the
 * `TierHistoryEntry` of shared/src/domain/tiers/movement.ts). Read straight from the
 * collection so that the KPIs neither depend on nor load the tiers module; entries that do
 * not have that shape are skipped, so an empty or foreign collection means "no history".
 */
export const TIER_HISTORY_COLLECTION = 'tier_history';

const isTier = (v: unknown): v is Tier => typeof v === 'string' && (TIERS as readonly string[]).includes(v);

interface RawEntry {
  customerId?: unknown;
  date?: unknown;
  fromTier?: unknown;
  toTier?: unknown;
}

export async function streamTierHistory(
  dealershipId: Types.ObjectId,
  onChange: (customerId: string, change: TierChange) => void
): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) return;
  const cursor = db
    .collection<RawEntry>(TIER_HISTORY_COLLECTION)
    .find(
      { dealershipId },
      { projection: { customerId: 1, date: 1, fromTier: 1, toTier: 1 }, batchSize: 2000 }
    );
  for await (const e of cursor) {
    const customerId = e.customerId instanceof Types.ObjectId ? e.customerId.toHexString() : e.customerId;
    if (
      typeof customerId !== 'string' ||
      typeof e.date !== 'string' ||
      !isIsoDate(e.date) ||
      !isTier(e.toTier)
    )
      continue;
    onChange(customerId, {
      day: dayOf(e.date),
      fromTier: isTier(e.fromTier) ? e.fromTier : null,
      toTier: e.toTier
    });
  }
}
