import { z } from 'zod';
import { TIERS } from '../labels/classes';

/**
 * Customer classifications (docs/domain.md "Classifications"), computed on a schedule and stored
 * on the customer archive as top-level fields so lists and audiences filter by equality.
 * The lists and labels (also TIER_KEYS for the KPI breakdowns) are zod-free in
 * labels/classes.ts, which the mini-program bundles.
 */
export * from '../labels/classes';

export const tier = z.enum(TIERS);
export type Tier = z.infer<typeof tier>;

/**
 * Settings of the classifications other than tiers (dealership settings `classes`). The
 * at-risk and lost thresholds are the KPI settings' `atRiskMonths` / `lostMonths`, so the
 * lifecycle on the archive and the KPI counts always agree.
 */
export const classSettings = z.strictObject({
  /** Loyal (忠诚) = frequent and high spend: at least this many paid visits in the KPI "active" window… */
  loyalMinPaidVisits: z.number().int().min(1).max(50).default(2),
  /** …and a tier among these. Two visits a year is the 6-month maintenance rhythm; A/B is the top 20 %. */
  loyalTiers: z.array(tier).min(1).max(4).default(['A', 'B']),
  /** A delivered vehicle without any maintenance stays "awaiting first maintenance" this long. */
  awaitingFirstMonths: z.number().int().min(1).max(36).default(12)
});
export type ClassSettings = z.infer<typeof classSettings>;
