import { Types } from 'mongoose';
import { addDays } from '@dealer/shared/domain/dates';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { Callback } from './callback.model';
import { deliveriesOn, serviceVisitsOn, visitSnapshot, withFacts, type VisitFacts } from './visits';

export const CALLBACK_DELAY_DAYS = { '7dc': 7, '3dc': 3 } as const;
const TIER_RANK: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };
export const tierRankOf = (tier: string | null | undefined) => (tier ? (TIER_RANK[tier] ?? 4) : 4);

/** The callbacks of a batch of visits; returns how many were new (the rest existed: once-only). */
export async function insertCallbacks(
  visits: readonly VisitFacts[],
  kind: '7dc' | '3dc',
  now: Date
): Promise<number> {
  const docs = visits.map((v) => {
    const dueDate = addDays(v.date, CALLBACK_DELAY_DAYS[kind]);
    return {
      _id: `${kind}:${v.key}`,
      kind,
      dealershipId: v.dealershipId,
      customerId: v.customerId,
      customerName: v.customer.name,
      mobile: v.customer.mobile,
      tier: v.customer.tier,
      tierRank: tierRankOf(v.customer.tier),
      advisorId: v.customer.advisorId,
      vehicleId: v.vehicleId,
      visit: visitSnapshot(v),
      dueDate,
      status: 'open',
      nextAttemptDate: dueDate,
      attempts: 0,
      lastOutcome: null,
      lastNote: '',
      complaintId: null,
      createdAt: now,
      updatedAt: now
    };
  });
  const inserted = await insertManyUnique(Callback, docs);
  return inserted.filter(Boolean).length;
}

/** 7DC callbacks due on `date`: cars delivered seven days before. */
export async function generateDeliveryCallbacks(dealershipId: Types.ObjectId, date: string, now: Date) {
  const visits = await withFacts(
    await deliveriesOn(dealershipId, addDays(date, -CALLBACK_DELAY_DAYS['7dc']))
  );
  return { visits: visits.length, created: await insertCallbacks(visits, '7dc', now) };
}

/**
 * Walks the service visits of one day in batches and hands each batch (with its facts) to
 * the given steps: 3DC callbacks, survey invitations, or both when they fall on the same day.
 * Pipelined: the next batch's visits and facts are read while the steps write the current
 * one (reads do not wait for the write lane), so at most two batches are held at a time.
 */
export async function forServiceVisits(
  dealershipId: Types.ObjectId,
  visitDay: string,
  step: (batch: VisitFacts[]) => Promise<void>
): Promise<number> {
  let seen = 0;
  let writing: Promise<void> = Promise.resolve();
  for await (const batch of serviceVisitsOn(dealershipId, visitDay)) {
    const facts = await withFacts(batch);
    await writing;
    seen += facts.length;
    writing = step(facts);
    // Handled when awaited above or below; this only keeps a failure from being reported as unhandled meanwhile.
    writing.catch(() => undefined);
  }
  await writing;
  return seen;
}
