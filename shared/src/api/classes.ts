import { z } from 'zod';

/**
 * Customer classifications (DOMAIN.md "Classifications"), computed on a schedule and stored
 * on the customer archive as top-level fields so lists and audiences filter by equality.
 */
export const TIERS = ['A', 'B', 'C', 'D'] as const;
export const tier = z.enum(TIERS);
export type Tier = z.infer<typeof tier>;

export const LIFECYCLES = ['loyal', 'ordinary', 'at_risk', 'lost', 'prospect'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
export const LIFECYCLE_LABELS: Record<Lifecycle, string> = {
  loyal: '忠诚客户',
  ordinary: '一般客户',
  at_risk: '准流失',
  lost: '流失',
  prospect: '潜在客户'
};

/** Of the customer's main vehicle. */
export const VEHICLE_AGE_CLASSES = ['warranty', 'sanbao', 'out', 'unknown'] as const;
export type VehicleAgeClass = (typeof VEHICLE_AGE_CLASSES)[number];
export const VEHICLE_AGE_LABELS: Record<VehicleAgeClass, string> = {
  warranty: '保修期内',
  sanbao: '三包期内',
  out: '已出保',
  unknown: '未知'
};

export const SERVICE_STAGES = ['awaiting_first', 'regular', 'repair_only', 'none'] as const;
export type ServiceStage = (typeof SERVICE_STAGES)[number];
export const SERVICE_STAGE_LABELS: Record<ServiceStage, string> = {
  awaiting_first: '待首保',
  regular: '定期保养',
  repair_only: '仅维修',
  none: '无进厂记录'
};

export const AGE_GROUPS = ['60s', '70s', '80s', '90s', '00s', 'other'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
export const AGE_GROUP_LABELS: Record<AgeGroup, string> = {
  '60s': '60后',
  '70s': '70后',
  '80s': '80后',
  '90s': '90后',
  '00s': '00后',
  other: '其他'
};

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
