import { TIERS, TIER_ORDER, type Tier, type TierCutoffs, type TierQuota } from './settings';

/**
 * Where the tier boundaries fall, in quota mode (slots in the group ranking) and in
 * thresholds mode (score cut-offs), and the hysteresis rule on top of both. Everything is
 * compared in integers (slots × 100 vs percent × group size; score tenths) so a customer
 * exactly on a boundary lands on the same side on every machine.
 */

/** Half-open interval [start, end) of slots in the ranking (0 = best). */
export interface SlotBand {
  start: number;
  end: number;
}

/**
 * People per tier for a group of `groupSize`: quota × size rounded by largest remainder,
 * so the counts always add up to the group size exactly. Remainder ties go to the tier
 * with the larger quota (where the "typical" customer belongs), then to the better tier.
 * With the default 5/15/50/30: 1 → C; 2 → C, D; 3 → C, C, D; 7 → B 1, C 4, D 2; 20 → 1/3/10/6.
 */
export function quotaCounts(groupSize: number, quota: TierQuota): Record<Tier, number> {
  const counts = { A: 0, B: 0, C: 0, D: 0 };
  const remainders: { tier: Tier; remainder: number }[] = [];
  let assigned = 0;
  for (const tier of TIERS) {
    const hundredths = groupSize * quota[tier];
    counts[tier] = Math.floor(hundredths / 100);
    assigned += counts[tier];
    remainders.push({ tier, remainder: hundredths % 100 });
  }
  remainders.sort(
    (a, b) =>
      b.remainder - a.remainder || quota[b.tier] - quota[a.tier] || TIER_ORDER[a.tier] - TIER_ORDER[b.tier]
  );
  for (let i = 0; i < groupSize - assigned; i += 1) counts[remainders[i].tier] += 1;
  return counts;
}

export function quotaBands(counts: Record<Tier, number>): Record<Tier, SlotBand> {
  let start = 0;
  const bands = {} as Record<Tier, SlotBand>;
  for (const tier of TIERS) {
    bands[tier] = { start, end: start + counts[tier] };
    start += counts[tier];
  }
  return bands;
}

export function tierForSlot(slot: number, bands: Record<Tier, SlotBand>): Tier {
  for (const tier of TIERS) if (slot < bands[tier].end) return tier;
  return 'D';
}

/**
 * Quota hysteresis: the previous tier's band, measured in percent of the group, is widened
 * by `points` percentage points on each side; a customer whose slot is still inside keeps
 * the previous tier. E.g. group of 100, A = slots 0–4, B = 5–19: a previous A customer now
 * on slot 7 (7% < 5% + 3) stays A; on slot 8 (8% ≥ 8%) they move to B.
 */
export function withinQuotaBand(slot: number, band: SlotBand, groupSize: number, points: number): boolean {
  const position = 100 * slot;
  return position >= 100 * band.start - points * groupSize && position < 100 * band.end + points * groupSize;
}

/** score ≥ A → A, ≥ B → B, ≥ C → C, else D; compared in tenths. */
export function tierForScore(scoreTenths: number, cutoffs: TierCutoffs): Tier {
  if (scoreTenths >= cutoffs.A * 10) return 'A';
  if (scoreTenths >= cutoffs.B * 10) return 'B';
  if (scoreTenths >= cutoffs.C * 10) return 'C';
  return 'D';
}

/** Score band [low, high) of a tier, in tenths. */
function scoreBand(tier: Tier, cutoffs: TierCutoffs): { low: number; high: number } {
  switch (tier) {
    case 'A':
      return { low: cutoffs.A * 10, high: Infinity };
    case 'B':
      return { low: cutoffs.B * 10, high: cutoffs.A * 10 };
    case 'C':
      return { low: cutoffs.C * 10, high: cutoffs.B * 10 };
    case 'D':
      return { low: -Infinity, high: cutoffs.C * 10 };
  }
}

/**
 * Thresholds hysteresis: the previous tier's score band is widened by `points` on each
 * side (lower bound inclusive, upper exclusive, like the cut-offs). With B = [60, 80) and
 * 3 points a previous B customer stays B for scores 57.0–82.9; 56.9 → C, 83.0 → A.
 */
export function withinScoreBand(
  scoreTenths: number,
  tier: Tier,
  cutoffs: TierCutoffs,
  points: number
): boolean {
  const { low, high } = scoreBand(tier, cutoffs);
  return scoreTenths >= low - points * 10 && scoreTenths < high + points * 10;
}
