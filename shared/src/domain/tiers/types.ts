import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../dates';
import type { CustomerFeatures } from './inputs';
import type { Factor4s, FactorGeneral } from './scoring';
import {
  TIERS,
  type Tier,
  type TierAssignmentMode,
  type TierCutoffs,
  type Weights4s,
  type WeightsGeneral
} from './settings';

/** A manager's decision that beats the engine until `expiresAt` (exclusive: from that day on it no longer applies). */
export const tierOverride = z.strictObject({
  tier: z.enum(TIERS),
  reason: z.string().trim().min(1, '请填写调整原因').max(200),
  expiresAt: z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD'),
  /** Staff id of the manager, and the name as it was then, for the archive. */
  by: z.string().min(1).max(64),
  byName: z.string().trim().min(1).max(50)
});
export type TierOverride = z.infer<typeof tierOverride>;

/** What the last run stored for a customer. */
export interface PreviousTier {
  /** The tier in force (possibly an override): the "from" of a movement. */
  tier: Tier;
  /** The engine's own tier: the anchor for hysteresis, so an expired override leaves no trace. */
  computedTier: Tier;
}

/** What decided the tier in force. */
export type TierDecision = 'quota' | 'thresholds' | 'override' | 'no_visits' | 'hysteresis';

export interface QuotaBoundary {
  mode: 'quota';
  /** People per tier in this group (largest-remainder rounding of quota × group size). */
  tierCounts: Record<Tier, number>;
  /** 0-based slot in the group (middle of the tie block, rounded to the better slot). */
  slot: number;
  /** The customer stands within the top `topPercent` % of the group (to 0.1). */
  topPercent: number;
}

export interface ThresholdBoundary {
  mode: 'thresholds';
  cutoffs: TierCutoffs;
  /** Whether the customer's series has its own cut-offs or uses the default. */
  cutoffsFrom: 'series' | 'default';
}

export interface HysteresisHold {
  /** Tier the ranking alone would give. */
  withoutHysteresis: Tier;
  /** Previous computed tier, kept because the customer is within the margin. */
  heldTier: Tier;
  points: number;
}

export type TierReasonBasis =
  | { method: '4s'; weights: Weights4s; featureScores: Record<Factor4s, number> | null }
  | { method: 'general'; weights: WeightsGeneral; featureScores: Record<FactorGeneral, number> | null };

/** Everything the archive needs to explain a tier; plain data, stored as is. */
export type TierReason = TierReasonBasis & {
  assignment: TierDecision;
  /** The configured mode, also when an override or no-visit rule decided. */
  mode: TierAssignmentMode;
  asOf: IsoDate;
  lookbackMonths: number;
  features: CustomerFeatures;
  boundary: QuotaBoundary | ThresholdBoundary | null;
  hysteresis: HysteresisHold | null;
  override: TierOverride | null;
};

export interface TierAssignment {
  customerId: string;
  /** Tier in force: the override while it lasts, otherwise `computedTier`. */
  tier: Tier;
  /** The engine's tier (after hysteresis); store it as next run's hysteresis anchor. */
  computedTier: Tier;
  previousTier: Tier | null;
  /** 0–100 to 0.1; null when the customer had no paid visit and was not ranked. */
  score: number | null;
  rank: number | null;
  groupKey: string | null;
  groupSize: number;
  reason: TierReason;
}
