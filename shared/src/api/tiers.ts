import { z } from 'zod';
import { TIERS, tierSettings } from '../domain/tiers';
import { objectId, realDate } from './common';

/** Value tiers A/B/C/D (客户分级): settings, runs, overrides, explanations, summary. */

const tierOrNone = z.enum([...TIERS, 'none']);

/**
 * GET/PUT /api/dealerships/:id/tier-settings: the whole settings object (defaults filled in).
 * Series names become keys of a stored document: characters MongoDB or FerretDB cannot hold
 * in a field name are refused.
 */
export const tierSettingsBody = tierSettings.superRefine((s, ctx) => {
  for (const name of Object.keys(s.thresholds.bySeries)) {
    if (/[."\\$]/.test(name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['thresholds', 'bySeries', name],
        message: '车系名称不能包含 . $ " \\ 字符'
      });
    }
  }
});

export const recomputeTiersRequest = z.strictObject({
  /** The day the tiers are computed for (Asia/Shanghai); today when absent. */
  asOf: realDate.optional(),
  /** Group admins name the dealership; everyone else recomputes their own. */
  dealershipId: objectId.optional()
});
export type RecomputeTiersRequest = z.infer<typeof recomputeTiersRequest>;

const tierCounts = z.object({
  A: z.number().int(),
  B: z.number().int(),
  C: z.number().int(),
  D: z.number().int()
});

export const tierMovementView = z.object({
  /** counts[from][to], rows and columns A–D plus 'none' (new / gone). */
  counts: z.record(tierOrNone, z.record(tierOrNone, z.number().int())),
  upgraded: z.number().int(),
  downgraded: z.number().int(),
  unchanged: z.number().int(),
  added: z.number().int(),
  removed: z.number().int()
});

export const TIER_RUN_STATUSES = ['running', 'done', 'failed'] as const;
export const TIER_RUN_TRIGGERS = ['nightly', 'manual'] as const;

export const tierRunView = z.object({
  id: z.string(),
  dealershipId: objectId,
  asOf: z.string(),
  /** 1 for the day's first run (the nightly one), then 2, 3… for reruns by hand. */
  seq: z.number().int(),
  trigger: z.enum(TIER_RUN_TRIGGERS),
  status: z.enum(TIER_RUN_STATUSES),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  customers: z.number().int(),
  serviceRecords: z.number().int(),
  /** Customers whose tier, computed tier or score was written. */
  changed: z.number().int(),
  historyEntries: z.number().int(),
  counts: tierCounts,
  movement: tierMovementView.nullable(),
  /** Customers whose lifecycle / vehicle age / usage / service stage / age group changed. */
  classesChanged: z.number().int().nullable(),
  error: z.string().nullable()
});
export type TierRunView = z.infer<typeof tierRunView>;

export const tierRunParams = z.strictObject({ id: z.string().min(1).max(120) });

export const tierOverrideRequest = z.strictObject({
  tier: z.enum(TIERS),
  reason: z.string().trim().min(1, '请填写调整原因').max(200, '原因最多200字'),
  /** First day on which the override no longer applies; must be after today. */
  expiresAt: realDate
});
export type TierOverrideRequest = z.infer<typeof tierOverrideRequest>;

export const tierOverrideView = z.object({
  tier: z.enum(TIERS),
  reason: z.string(),
  expiresAt: z.string(),
  by: z.string(),
  byName: z.string(),
  setAt: z.string().nullable(),
  /** false once expiresAt has come (the engine then ignores it). */
  active: z.boolean()
});

export const TIER_HISTORY_CAUSES = [
  'quota',
  'thresholds',
  'no_visits',
  'hysteresis',
  'override',
  'override_lifted'
] as const;
export type TierHistoryCause = (typeof TIER_HISTORY_CAUSES)[number];

export const tierHistoryView = z.object({
  date: z.string(),
  fromTier: z.enum(TIERS).nullable(),
  toTier: z.enum(TIERS).nullable(),
  score: z.number().nullable(),
  cause: z.enum(TIER_HISTORY_CAUSES),
  /** The manager's reason for overrides; null for the engine's runs. */
  note: z.string().nullable(),
  byName: z.string().nullable(),
  at: z.string()
});

export const customerTierView = z.object({
  customerId: objectId,
  tier: z.enum(TIERS).nullable(),
  score: z.number().nullable(),
  computedTier: z.enum(TIERS).nullable(),
  rank: z.number().int().nullable(),
  groupKey: z.string().nullable(),
  groupLabel: z.string().nullable(),
  groupSize: z.number().int().nullable(),
  /** The run the explanation comes from. */
  asOf: z.string().nullable(),
  /** What decided the tier in force. */
  decidedBy: z.enum(['quota', 'thresholds', 'no_visits', 'hysteresis', 'override']).nullable(),
  /** One line in Chinese (explainTierZh); null before the first run. */
  explanation: z.string().nullable(),
  /** The engine's stored reason: inputs, factor percentiles, weights, boundary, hysteresis. */
  reason: z.record(z.string(), z.unknown()).nullable(),
  override: tierOverrideView.nullable(),
  /** Newest first. */
  history: z.array(tierHistoryView)
});
export type CustomerTierView = z.infer<typeof customerTierView>;

export const tierSummaryQuery = z.strictObject({ dealershipId: objectId.optional() });

export const tierSummary = z.object({
  dealershipId: objectId,
  /** Customers per tier in force now; 'none' = never tiered. */
  distribution: z.object({
    A: z.number().int(),
    B: z.number().int(),
    C: z.number().int(),
    D: z.number().int(),
    none: z.number().int()
  }),
  latestRun: tierRunView.nullable(),
  /** The completed run before latestRun, for comparison. */
  previousRun: tierRunView.nullable()
});
export type TierSummary = z.infer<typeof tierSummary>;
