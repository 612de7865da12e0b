import { Types } from 'mongoose';
import { addDays } from '@dealer/shared/domain/dates';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { Callback } from './callback.model';
import { callbackSnapshot, withFacts, type VisitFacts } from './visit-facts';
import { deliveriesOn, serviceVisitsOn } from './visits';

export const CALLBACK_DELAY_DAYS = { '7dc': 7, '3dc': 3 } as const;
const TIER_RANK: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };
export const tierRankOf = (tier: string | null | undefined) => (tier ? (TIER_RANK[tier] ?? 4) : 4);

/** The callbacks of a batch of visits; returns how many were new (the rest existed: once-only). */
export async function insertCallbacks(
  visits: readonly VisitFacts[],
  kind: '7dc' | '3dc',
  now: Date
): Promise<number> {
  // Only what the lists filter and sort by, and the visit's key: the desk reads the customer,
  // the car and the repair order live with its page (callback-live.ts), and the call fields
  // (last outcome, note, complaint, updatedAt) come with the first call. FerretDB's cost of
  // an insert grows with the fields, and the job writes one callback per visit.
  const docs = visits.map((v) => {
    const dueDate = addDays(v.date, CALLBACK_DELAY_DAYS[kind]);
    return {
      _id: `${kind}:${v.key}`,
      kind,
      dealershipId: v.dealershipId,
      customerId: v.customerId,
      tierRank: tierRankOf(v.customer.tier),
      // No advisor: left out (the advisors' lists ask for their own id only).
      ...(v.customer.advisorId ? { advisorId: v.customer.advisorId } : {}),
      vehicleId: v.vehicleId,
      visit: callbackSnapshot(v),
      dueDate,
      status: 'open',
      nextAttemptDate: dueDate,
      attempts: 0,
      createdAt: now
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

/** Batches of a walk in flight at once (facts being read, being written). */
const WALK_DEPTH = 3;

/**
 * Walks the service visits of one day in batches and hands each batch (with its facts) to
 * the given steps: 3DC callbacks, survey invitations, or both when they fall on the same day.
 * Pipelined: while the cursor reads on, up to WALK_DEPTH batches have their facts read and
 * their steps run side by side (each visit's writes are once-only by their own keys, so the
 * order of batches does not matter; the bulk writes take turns in the write lane while the
 * reads between them overlap). At most WALK_DEPTH batches are held, whatever the day's size.
 * A failing batch fails the walk once the batches already started have settled.
 */
export async function forServiceVisits(
  dealershipId: Types.ObjectId,
  visitDay: string,
  step: (batch: VisitFacts[]) => Promise<void>
): Promise<number> {
  let seen = 0;
  const inFlight: Promise<void>[] = [];
  try {
    for await (const batch of serviceVisitsOn(dealershipId, visitDay)) {
      const done = withFacts(batch).then(async (ready) => {
        seen += ready.length;
        await step(ready);
      });
      // Awaited below; this only keeps a failure from being reported as unhandled meanwhile.
      done.catch(() => undefined);
      inFlight.push(done);
      if (inFlight.length >= WALK_DEPTH) await inFlight.shift();
    }
    await Promise.all(inFlight);
  } catch (err) {
    await Promise.allSettled(inFlight);
    throw err;
  }
  return seen;
}
