import type { TierRunView } from '@dealer/shared';
import {
  explainTierZh,
  groupLabelZh,
  type TierAssignment,
  type TierDecision,
  type TierReason
} from '@dealer/shared/domain/tiers';
import type { TierRunDoc } from './tier.model';
import type { StoredReason } from './tier-write';

type RunRecord = TierRunDoc & { _id: string };

export function presentRun(r: RunRecord): TierRunView {
  const counts = (r.counts ?? {}) as Partial<TierRunView['counts']>;
  return {
    id: r._id,
    dealershipId: String(r.dealershipId),
    asOf: r.asOf,
    seq: r.seq,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs ?? null,
    customers: r.customers ?? 0,
    serviceRecords: r.serviceRecords ?? 0,
    changed: r.changed ?? 0,
    historyEntries: r.historyEntries ?? 0,
    counts: { A: counts.A ?? 0, B: counts.B ?? 0, C: counts.C ?? 0, D: counts.D ?? 0 },
    movement: (r.movement as TierRunView['movement']) ?? null,
    classesChanged: r.classesChanged ?? null,
    error: r.error ?? null
  };
}

export interface CurrentOverride {
  tier: TierAssignment['tier'];
  reason: string;
  expiresAt: string;
  by: string;
  byName: string;
  setAt?: Date | null;
}

/** What the engine decided, when the stored reason says 'override' (the override since lifted). */
function computedDecision(reason: TierReason): TierDecision {
  if (reason.assignment !== 'override') return reason.assignment;
  if (reason.hysteresis !== null) return 'hysteresis';
  return reason.boundary?.mode ?? 'no_visits';
}

/**
 * The explanation as of now: the stored reason of the latest run, with the override that is
 * in force today (set or lifted since the run) put in its place.
 */
export function explainStored(
  customerId: string,
  tierInForce: TierAssignment['tier'],
  stored: StoredReason,
  override: CurrentOverride | null
): { decidedBy: TierDecision; explanation: string; groupLabel: string | null } {
  const decidedBy: TierDecision = override ? 'override' : computedDecision(stored.reason);
  const reason = {
    ...stored.reason,
    assignment: decidedBy,
    override: override
      ? {
          tier: override.tier,
          reason: override.reason,
          expiresAt: override.expiresAt,
          by: override.by,
          byName: override.byName
        }
      : null
  } as TierReason;
  const assignment: TierAssignment = {
    customerId,
    tier: tierInForce,
    computedTier: stored.computedTier,
    previousTier: null,
    score: stored.score,
    rank: stored.rank,
    groupKey: stored.groupKey,
    groupSize: stored.groupSize,
    reason
  };
  return {
    decidedBy,
    explanation: explainTierZh(assignment),
    groupLabel: stored.groupKey === null ? null : groupLabelZh(stored.groupKey)
  };
}

/** Before the first run only an override can explain a tier. */
export function explainOverrideOnly(o: CurrentOverride): string {
  return `${o.tier} 级：${o.byName} 手动调整（${o.reason}），${o.expiresAt} 起失效；系统尚未计算分级`;
}
