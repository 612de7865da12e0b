import { z } from 'zod';

/**
 * Tier settings a manager edits. Every number here is whole (weights, quotas, cut-offs,
 * hysteresis points) so that the engine can work in integers and a score printed as 57.3
 * compares exactly like the 57.3 the manager typed — no float drift at a boundary.
 */

export const TIERS = ['A', 'B', 'C', 'D'] as const;
export type Tier = (typeof TIERS)[number];

/** 0 = best. Used for "upgrade/downgrade" and for walking tiers in order. */
export const TIER_ORDER: Readonly<Record<Tier, number>> = { A: 0, B: 1, C: 2, D: 3 };

export const TIER_METHODS = ['4s', 'general'] as const;
export type TierMethod = (typeof TIER_METHODS)[number];

export const TIER_ASSIGNMENT_MODES = ['quota', 'thresholds'] as const;
export type TierAssignmentMode = (typeof TIER_ASSIGNMENT_MODES)[number];

const percent = z.number().int('须为整数').min(0, '不能小于 0').max(100, '不能大于 100');

function sumIs100(values: Record<string, number>): boolean {
  return Object.values(values).reduce((sum, v) => sum + v, 0) === 100;
}

export const weights4s = z
  .strictObject({ avgTicket: percent, visitCount: percent, visitInterval: percent })
  .refine(sumIs100, { message: '三项权重之和必须为 100' });
export type Weights4s = z.infer<typeof weights4s>;

export const weightsGeneral = z
  .strictObject({ contractAmount: percent, profit: percent, frequency: percent })
  .refine(sumIs100, { message: '三项权重之和必须为 100' });
export type WeightsGeneral = z.infer<typeof weightsGeneral>;

export const tierQuota = z
  .strictObject({ A: percent, B: percent, C: percent, D: percent })
  .refine(sumIs100, { message: 'A/B/C/D 比例之和必须为 100' });
export type TierQuota = z.infer<typeof tierQuota>;

/**
 * Score cut-offs: score ≥ A → A, ≥ B → B, ≥ C → C, else D. Strictly decreasing, so every
 * tier has a non-empty band and the bands never overlap.
 */
export const tierCutoffs = z
  .strictObject({ A: percent, B: percent, C: percent })
  .refine((c) => c.A > c.B && c.B > c.C, { message: '分数线须满足 A > B > C' });
export type TierCutoffs = z.infer<typeof tierCutoffs>;

export const tierThresholds = z.strictObject({
  default: tierCutoffs.default({ A: 80, B: 60, C: 30 }),
  /** Keyed by car series name exactly as on the vehicle; other series use `default`. */
  bySeries: z.record(z.string().trim().min(1).max(50), tierCutoffs).default({})
});
export type TierThresholds = z.infer<typeof tierThresholds>;

export const tierSettings = z.strictObject({
  method: z.enum(TIER_METHODS).default('4s'),
  lookbackMonths: z.number().int().min(1).max(120).default(24),
  // Ticket size is what separates a high-value owner most; count and interval both
  // measure loyalty and together weigh more than ticket alone.
  weights4s: weights4s.default({ avgTicket: 40, visitCount: 30, visitInterval: 30 }),
  // The company policy (seed 000): contract amount 40%, profit 40%, frequency 20%.
  weightsGeneral: weightsGeneral.default({ contractAmount: 40, profit: 40, frequency: 20 }),
  groupBy: z.enum(['series', 'none']).default('series'),
  assignment: z.enum(TIER_ASSIGNMENT_MODES).default('quota'),
  // A+B = 20%, C+D = 80%: the 80/20 rule from the policy.
  quota: tierQuota.default({ A: 5, B: 15, C: 50, D: 30 }),
  thresholds: tierThresholds.prefault({}),
  /**
   * Width of the "stay" zone around the previous tier's band: score points in thresholds
   * mode, percentage points of the group ranking in quota mode (see hysteresis.ts).
   */
  hysteresisPoints: z.number().int().min(0).max(50).default(3),
  /**
   * A series with fewer active customers than this is not ranked on its own; all such
   * customers are ranked together in one pooled group. 20 is the smallest group in which
   * the default quotas are whole people (1 / 3 / 10 / 6).
   */
  minGroupSize: z.number().int().min(1).max(10_000).default(20),
  /** Customers without a paid visit in the look-back window get this tier, unranked. */
  noVisitTier: z.enum(TIERS).default('D')
});
export type TierSettings = z.infer<typeof tierSettings>;
export type TierSettingsInput = z.input<typeof tierSettings>;

export const DEFAULT_TIER_SETTINGS: TierSettings = tierSettings.parse({});
