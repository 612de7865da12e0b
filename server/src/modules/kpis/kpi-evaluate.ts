import { TIER_KEYS, type KpiSettings, type TierKey } from '@dealer/shared';
import { movementMatrix, type TierMove, type TierMovementMatrix } from '@dealer/shared/domain/tiers';
import { addMonthsDay, countIn, endOfDayMs, lastAtOrBefore, type Day } from './kpi-days';
import type { BindingChange, KpiCustomer, KpiDataset } from './kpi-dataset';
import { returnCounts, type DueEvents, type ReturnCounts } from './kpi-returns';

/** Raw counts of one period; presentation (rates, labels) is kpi.present.ts. Definitions: docs/metrics.md. */

export interface Ratio {
  numerator: number;
  denominator: number;
}
export type ByTier<T> = Record<TierKey, T>;

export interface PeriodCounts {
  binding: Ratio & { boundCustomers: number; newBindings: number };
  returns: ReturnCounts;
  retention: Ratio & { byTier: ByTier<Ratio> };
  atRisk: ByTier<number>;
  lost: ByTier<number>;
  repeatVisits: Ratio;
  prospects: Ratio;
  tierDistribution: ByTier<number>;
  tierSource: 'history' | 'current';
  tierMovement: TierMovementMatrix | null;
}

export interface Period {
  from: Day;
  to: Day;
  asOf: Day;
}

const byTier = <T>(make: () => T): ByTier<T> =>
  Object.fromEntries(TIER_KEYS.map((k) => [k, make()])) as ByTier<T>;

/** Bound at the instant `beforeMs` (exclusive): the last binding event decides; without events, the archive's current state. */
function boundAt(c: KpiCustomer, events: readonly BindingChange[] | undefined, beforeMs: number): boolean {
  if (!events || events.length === 0) return c.boundAtMs !== null && c.boundAtMs < beforeMs;
  let state = false;
  for (const e of events) {
    if (e.atMs >= beforeMs) break;
    state = e.bound;
  }
  return state;
}

/** Tier in force at the end of `day`: tier history when the customer has some, else the archive's tier. */
export function tierAt(data: KpiDataset, c: KpiCustomer, day: Day): TierKey {
  const history = data.tierHistory.get(c.id);
  if (!history || history.length === 0) return c.tier ?? 'none';
  let tier: TierKey = history[0].fromTier ?? 'none';
  for (const h of history) {
    if (h.day > day) break;
    tier = h.toTier;
  }
  return tier;
}

export function evaluatePeriod(
  data: KpiDataset,
  events: DueEvents,
  settings: KpiSettings,
  period: Period
): PeriodCounts {
  const { from, asOf } = period;
  const activeStart = addMonthsDay(asOf, -settings.activeMonths);
  const previousStart = addMonthsDay(asOf, -2 * settings.activeMonths);
  const atRiskEdge = addMonthsDay(asOf, -settings.atRiskMonths);
  const lostEdge = addMonthsDay(asOf, -settings.lostMonths);
  const endMs = endOfDayMs(asOf);
  const periodStartMs = endOfDayMs(from - 1);
  const withHistory = data.hasTierHistory;

  const counts: PeriodCounts = {
    binding: { numerator: 0, denominator: 0, boundCustomers: 0, newBindings: 0 },
    returns: returnCounts(events, period.from, period.to, asOf, settings.returnWindowDays),
    retention: { numerator: 0, denominator: 0, byTier: byTier(() => ({ numerator: 0, denominator: 0 })) },
    atRisk: byTier(() => 0),
    lost: byTier(() => 0),
    repeatVisits: { numerator: 0, denominator: 0 },
    prospects: { numerator: 0, denominator: 0 },
    tierDistribution: byTier(() => 0),
    tierSource: withHistory ? 'history' : 'current',
    tierMovement: null
  };
  const moves: TierMove[] = [];
  const empty: Day[] = [];

  for (const c of data.customers) {
    // Imported archives are younger than their service history: only the prospect cohort and
    // the tier counts depend on when the archive was created.
    const existed = c.createdDay <= asOf;
    const track = data.tracks.get(c.id);
    const paid = track?.paid ?? empty;
    const events = data.bindings.get(c.id);

    // Binding rate: visiting customers (any record in the active window), bound at the end of asOf.
    const bound = boundAt(c, events, endMs);
    if (bound) counts.binding.boundCustomers += 1;
    if (track && countIn(track.visits, activeStart, asOf) > 0) {
      counts.binding.denominator += 1;
      if (bound) counts.binding.numerator += 1;
    }
    if (events) {
      for (const e of events)
        if (e.bound && e.atMs >= periodStartMs && e.atMs < endMs) counts.binding.newBindings += 1;
    }

    // Retention: paid in the previous window → paid again in the current one; by the tier at the window boundary.
    const activeNow = countIn(paid, activeStart, asOf);
    if (countIn(paid, previousStart, activeStart) > 0) {
      const tier = tierAt(data, c, activeStart);
      counts.retention.denominator += 1;
      counts.retention.byTier[tier].denominator += 1;
      if (activeNow > 0) {
        counts.retention.numerator += 1;
        counts.retention.byTier[tier].numerator += 1;
      }
    }

    // At-risk / lost by the last paid visit on or before asOf.
    const tierNow = tierAt(data, c, asOf);
    const last = lastAtOrBefore(paid, asOf) ?? (track?.paidBefore ? Number.NEGATIVE_INFINITY : null);
    if (last !== null) {
      if (last <= lostEdge) counts.lost[tierNow] += 1;
      else if (last <= atRiskEdge) counts.atRisk[tierNow] += 1;
    }

    // Repeat visits: of customers with a paid visit in the active window, those with two or more (distinct days).
    if (activeNow > 0) {
      counts.repeatVisits.denominator += 1;
      if (activeNow >= 2) counts.repeatVisits.numerator += 1;
    }

    // Prospect conversion: prospect archives created in the active window, with a paid visit since creation.
    if (c.prospect && existed && c.createdDay > activeStart) {
      counts.prospects.denominator += 1;
      if (countIn(paid, c.createdDay - 1, asOf) > 0) counts.prospects.numerator += 1;
    }

    if (!existed) continue;
    counts.tierDistribution[tierNow] += 1;
    if (withHistory) {
      const before = c.createdDay < from ? tierAt(data, c, from - 1) : 'none';
      moves.push({ from: before === 'none' ? null : before, to: tierNow === 'none' ? null : tierNow });
    }
  }
  if (withHistory) counts.tierMovement = movementMatrix(moves);
  return counts;
}
