import type { CustomerFeatures } from './inputs';
import { compareIds } from './inputs';
import type { TierSettings, Weights4s, WeightsGeneral } from './settings';

/**
 * Scores 0–100 within a comparison group. Each factor becomes a percentile — the share of
 * the *other* group members this customer beats, a tie counting half (mid-rank) — and the
 * score is the weighted sum of those percentiles. Percentiles, not raw values, so a ¥800
 * ticket in a budget series can weigh as much as a ¥3,000 ticket in a luxury one, and so
 * fen, visit counts and days can be added together at all.
 *
 * All arithmetic is on integers: a percentile is num / (2(n − 1)) × 100 with the integer
 * num = 2·worse + equal − 1, so equal values always get bit-identical scores and ties stay
 * ties. The score is rounded once, to 0.1, and ranking compares that rounded score, so two
 * customers shown with the same score are treated as tied.
 */

export type Factor4s = keyof Weights4s;
export type FactorGeneral = keyof WeightsGeneral;
export type TierFactor = Factor4s | FactorGeneral;

interface FactorDefinition<K extends TierFactor> {
  key: K;
  /** null = no value (interval with < 2 visits), always ranked worst. */
  value(features: CustomerFeatures): number | null;
  higherIsBetter: boolean;
}

export const FACTORS_4S: readonly FactorDefinition<Factor4s>[] = [
  { key: 'avgTicket', value: (f) => f.avgPaidTicketFen, higherIsBetter: true },
  { key: 'visitCount', value: (f) => f.paidVisitCount, higherIsBetter: true },
  // A customer who comes back sooner is worth more: shorter interval is better.
  { key: 'visitInterval', value: (f) => f.avgVisitIntervalDays, higherIsBetter: false }
];

export const FACTORS_GENERAL: readonly FactorDefinition<FactorGeneral>[] = [
  { key: 'contractAmount', value: (f) => f.totalPaidFen, higherIsBetter: true },
  { key: 'profit', value: (f) => f.totalProfitFen, higherIsBetter: true },
  { key: 'frequency', value: (f) => f.paidVisitCount, higherIsBetter: true }
];

/** What the archive shows: per-factor percentiles (0–100, to 0.1) and the weights used. */
export type ScoreBreakdown =
  | { method: '4s'; weights: Weights4s; featureScores: Record<Factor4s, number> }
  | { method: 'general'; weights: WeightsGeneral; featureScores: Record<FactorGeneral, number> };

export interface GroupScore {
  /** Score × 10 as an integer: 573 means 57.3. */
  scoreTenths: number;
  breakdown: ScoreBreakdown;
}

/** A lone customer has nobody to beat or lose to: the neutral middle, as if all tied. */
const LONE_PERCENTILE_NUM = 1;
const LONE_PERCENTILE_DEN = 2;

/**
 * Per-factor percentile numerators (2·worse + equal − 1) for every member. O(n log n):
 * one sort per factor, then one pass over blocks of equal values.
 */
function percentileNumerators<K extends TierFactor>(
  members: readonly CustomerFeatures[],
  factor: FactorDefinition<K>
): Int32Array {
  const n = members.length;
  const goodness = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const v = factor.value(members[i]);
    goodness[i] = v === null ? -Infinity : factor.higherIsBetter ? v : -v;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => goodness[a] - goodness[b] || a - b);
  const numerators = new Int32Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && goodness[order[end]] === goodness[order[start]]) end += 1;
    const num = 2 * start + (end - start) - 1;
    for (let j = start; j < end; j += 1) numerators[order[j]] = num;
    start = end;
  }
  return numerators;
}

function scoreWithFactors<K extends TierFactor>(
  members: readonly CustomerFeatures[],
  factors: readonly FactorDefinition<K>[],
  weights: Record<K, number>
): { scoreTenths: number; featureScores: Record<K, number> }[] {
  const n = members.length;
  const numerators = factors.map((factor) => percentileNumerators(members, factor));
  const denominator = n === 1 ? LONE_PERCENTILE_DEN : 2 * (n - 1);
  const results: { scoreTenths: number; featureScores: Record<K, number> }[] = [];
  for (let i = 0; i < n; i += 1) {
    const featureScores = {} as Record<K, number>;
    // Σ weight × numerator over the common denominator: one division, so exact rounding.
    let weighted = 0;
    factors.forEach((factor, f) => {
      const num = n === 1 ? LONE_PERCENTILE_NUM : numerators[f][i];
      weighted += weights[factor.key] * num;
      featureScores[factor.key] = Math.round((1000 * num) / denominator) / 10;
    });
    results.push({ scoreTenths: Math.round((10 * weighted) / denominator), featureScores });
  }
  return results;
}

/** Scores aligned with `members`. The group is whatever the caller decided to compare. */
export function scoreGroup(
  members: readonly CustomerFeatures[],
  settings: Pick<TierSettings, 'method' | 'weights4s' | 'weightsGeneral'>
): GroupScore[] {
  if (settings.method === '4s') {
    const weights = settings.weights4s;
    return scoreWithFactors(members, FACTORS_4S, weights).map(({ scoreTenths, featureScores }) => ({
      scoreTenths,
      breakdown: { method: '4s', weights, featureScores }
    }));
  }
  const weights = settings.weightsGeneral;
  return scoreWithFactors(members, FACTORS_GENERAL, weights).map(({ scoreTenths, featureScores }) => ({
    scoreTenths,
    breakdown: { method: 'general', weights, featureScores }
  }));
}

export interface RankedMember<T> {
  item: T;
  scoreTenths: number;
  /** Competition rank: 1 + members with a strictly higher score (tied members share it). */
  rank: number;
  /**
   * 0-based slot the member's tie block stands on for quotas and hysteresis: the middle of
   * the block, rounded to the better slot. Tied customers therefore always share a tier.
   */
  slot: number;
}

/**
 * Highest score first; equal scores ordered by customerId only so the output order is
 * stable — that order never changes a tier, because tied members share rank and slot.
 */
export function rankByScore<T extends { customerId: string }>(
  items: readonly T[],
  scoreTenthsOf: (item: T) => number
): RankedMember<T>[] {
  const sorted = items
    .map((item) => ({ item, scoreTenths: scoreTenthsOf(item) }))
    .sort((a, b) => b.scoreTenths - a.scoreTenths || compareIds(a.item.customerId, b.item.customerId));
  const ranked: RankedMember<T>[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start + 1;
    while (end < sorted.length && sorted[end].scoreTenths === sorted[start].scoreTenths) end += 1;
    const slot = Math.floor((start + end - 1) / 2);
    for (let j = start; j < end; j += 1)
      ranked.push({ item: sorted[j].item, scoreTenths: sorted[j].scoreTenths, rank: start + 1, slot });
    start = end;
  }
  return ranked;
}
