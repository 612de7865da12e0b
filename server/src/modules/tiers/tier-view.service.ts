import { Types } from 'mongoose';
import type { CustomerTierView, Tier, TierSummary } from '@dealer/shared';
import { clock, shanghaiDate } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import { Customer } from '../customers/customer.model';
import type { CustomerRecord } from '../customers/customer.scope';
import { TierHistory, TierReasonBucket, TierRun } from './tier.model';
import { explainOverrideOnly, explainStored, presentRun, type CurrentOverride } from './tier.present';
import { bucketDocId, type StoredReason } from './tier-write';

const HISTORY_SHOWN = 50;

/** The latest finished runs of a dealership, newest first. */
async function doneRuns(dealershipId: Types.ObjectId, limit: number) {
  return TierRun.find({ dealershipId, status: 'done' }).sort({ startedAt: -1 }).limit(limit).lean();
}

async function storedReasonOf(runId: string, customerId: string): Promise<StoredReason | null> {
  const path = `reasons.${customerId}`;
  const bucket = await TierReasonBucket.findById(bucketDocId(runId, customerId), { [path]: 1 }).lean<{
    reasons?: Record<string, StoredReason>;
  }>();
  return bucket?.reasons?.[customerId] ?? null;
}

function overrideOf(c: CustomerRecord): CurrentOverride | null {
  const o = (c as { tierOverride?: CurrentOverride | null }).tierOverride;
  return o
    ? {
        tier: o.tier,
        reason: o.reason,
        expiresAt: o.expiresAt,
        by: o.by,
        byName: o.byName,
        setAt: o.setAt ?? null
      }
    : null;
}

/** Tier, score, the engine's reason and explanation, the override and the history of one customer. */
export async function customerTierView(customer: CustomerRecord): Promise<CustomerTierView> {
  const id = String(customer._id);
  const today = shanghaiDate(clock.now());
  const override = overrideOf(customer);
  const active = override !== null && today < override.expiresAt ? override : null;
  const [latest] = await doneRuns(customer.dealershipId, 1);
  const stored = latest ? await storedReasonOf(latest._id, id) : null;
  const tier = (customer.tier ?? null) as Tier | null;
  // By business day (a run's asOf, an override's day), then by time within the day.
  const history = await TierHistory.find({ customerId: customer._id })
    .sort({ date: -1, at: -1, _id: -1 })
    .limit(HISTORY_SHOWN)
    .lean();

  let explained: ReturnType<typeof explainStored> | null = null;
  if (stored && tier) explained = explainStored(id, tier, stored, active);
  return {
    customerId: id,
    tier,
    score: stored?.score ?? (customer.tierScore as number | null | undefined) ?? null,
    computedTier: stored?.computedTier ?? null,
    rank: stored?.rank ?? null,
    groupKey: stored?.groupKey ?? null,
    groupLabel: explained?.groupLabel ?? null,
    groupSize: stored?.groupSize ?? null,
    asOf: stored?.reason.asOf ?? null,
    decidedBy: explained?.decidedBy ?? (active ? 'override' : null),
    explanation: explained?.explanation ?? (active ? explainOverrideOnly(active) : null),
    reason: (stored?.reason as unknown as Record<string, unknown> | undefined) ?? null,
    override: override
      ? {
          tier: override.tier,
          reason: override.reason,
          expiresAt: override.expiresAt,
          by: override.by,
          byName: override.byName,
          setAt: override.setAt?.toISOString() ?? null,
          active: active !== null
        }
      : null,
    history: history.map((h) => ({
      date: h.date,
      fromTier: (h.fromTier ?? null) as Tier | null,
      toTier: (h.toTier ?? null) as Tier | null,
      score: h.score ?? null,
      cause: h.cause,
      note: h.note ?? null,
      byName: h.byName ?? null,
      at: h.at.toISOString()
    }))
  };
}

/**
 * Customers per tier in force now ($group/$sum works on FerretDB too; it reads the
 * dealership's customers once), with the latest run's movement and the run before it.
 */
export async function tierSummary(dealershipId: string): Promise<TierSummary> {
  const id = new Types.ObjectId(dealershipId);
  const rows = await Customer.aggregate<{ _id: string | null; n: number }>([
    { $match: { dealershipId: id } },
    { $group: { _id: '$tier', n: { $sum: 1 } } }
  ]);
  const distribution = { A: 0, B: 0, C: 0, D: 0, none: 0 };
  for (const r of rows) {
    if (r._id === 'A' || r._id === 'B' || r._id === 'C' || r._id === 'D') distribution[r._id] += r.n;
    else distribution.none += r.n;
  }
  const [latest, previous] = await doneRuns(id, 2);
  return {
    dealershipId,
    distribution,
    latestRun: latest ? presentRun(latest) : null,
    previousRun: previous ? presentRun(previous) : null
  };
}

/** A run of the caller's dealership (404 otherwise, the same as a missing one). */
export async function findRun(runId: string, dealershipId: string | null) {
  const run = await TierRun.findById(runId).lean();
  if (!run || (dealershipId !== null && String(run.dealershipId) !== dealershipId))
    throw notFound('分级计算记录', 'TIER_RUN_NOT_FOUND');
  return presentRun(run);
}
