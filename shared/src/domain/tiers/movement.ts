import type { IsoDate } from '../dates';
import { TIERS, TIER_ORDER, type Tier } from './settings';
import type { TierAssignment, TierDecision } from './types';

/**
 * Tier movements (异动) between two runs, and the history entries a run produces. A row
 * or column key of 'none' means "not tiered": a new customer comes from 'none', a customer
 * no longer in the run (merged, deleted) goes to 'none'.
 */

export type TierOrNone = Tier | 'none';
export const TIER_OR_NONE: readonly TierOrNone[] = [...TIERS, 'none'];

export interface TierMovementMatrix {
  /** counts[from][to]; every cell present, zero when empty. */
  counts: Record<TierOrNone, Record<TierOrNone, number>>;
  upgraded: number;
  downgraded: number;
  unchanged: number;
  /** none → tier */
  added: number;
  /** tier → none */
  removed: number;
}

export interface TierMove {
  from: Tier | null;
  to: Tier | null;
}

function emptyCounts(): Record<TierOrNone, Record<TierOrNone, number>> {
  const counts = {} as Record<TierOrNone, Record<TierOrNone, number>>;
  for (const from of TIER_OR_NONE) {
    counts[from] = { A: 0, B: 0, C: 0, D: 0, none: 0 };
  }
  return counts;
}

export function movementMatrix(moves: Iterable<TierMove>): TierMovementMatrix {
  const matrix: TierMovementMatrix = {
    counts: emptyCounts(),
    upgraded: 0,
    downgraded: 0,
    unchanged: 0,
    added: 0,
    removed: 0
  };
  for (const { from, to } of moves) {
    if (from === null && to === null) continue;
    matrix.counts[from ?? 'none'][to ?? 'none'] += 1;
    if (from === null) matrix.added += 1;
    else if (to === null) matrix.removed += 1;
    else if (from === to) matrix.unchanged += 1;
    else if (TIER_ORDER[to] < TIER_ORDER[from]) matrix.upgraded += 1;
    else matrix.downgraded += 1;
  }
  return matrix;
}

/** Movement of one run: each customer's previous tier in force → new tier in force. */
export function movementOfRun(
  assignments: Iterable<Pick<TierAssignment, 'previousTier' | 'tier'>>
): TierMovementMatrix {
  function* moves(): Generator<TierMove> {
    for (const a of assignments) yield { from: a.previousTier, to: a.tier };
  }
  return movementMatrix(moves());
}

/** Movement between two stored snapshots (customerId → tier), e.g. month ends. O(n). */
export function movementBetween(
  before: ReadonlyMap<string, Tier>,
  after: ReadonlyMap<string, Tier>
): TierMovementMatrix {
  function* moves(): Generator<TierMove> {
    for (const [id, from] of before) yield { from, to: after.get(id) ?? null };
    for (const [id, to] of after) if (!before.has(id)) yield { from: null, to };
  }
  return movementMatrix(moves());
}

export interface TierHistoryEntry {
  customerId: string;
  date: IsoDate;
  fromTier: Tier | null;
  toTier: Tier;
  /** null for unranked customers (no paid visit). */
  score: number | null;
  decidedBy: TierDecision;
}

/**
 * History entries of one run: only customers whose tier in force changed, including
 * first tiering (null → X). A rerun with the same result therefore writes nothing.
 */
export function buildTierHistory(assignments: Iterable<TierAssignment>, date: IsoDate): TierHistoryEntry[] {
  const entries: TierHistoryEntry[] = [];
  for (const a of assignments) {
    if (a.previousTier === a.tier) continue;
    entries.push({
      customerId: a.customerId,
      date,
      fromTier: a.previousTier,
      toTier: a.tier,
      score: a.score,
      decidedBy: a.reason.assignment
    });
  }
  return entries;
}
