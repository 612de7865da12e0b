/**
 * Customer classifications (docs/domain.md "Classifications") and their Chinese labels.
 *
 * Everything under shared/src/labels is plain data with no zod (and nothing that imports
 * it): the mini-program bundles these modules at run time (miniapp/src/utils/labels.ts),
 * while the API modules (api/classes.ts, api/kpis.ts) re-export them next to their schemas.
 */

export const TIERS = ['A', 'B', 'C', 'D'] as const;

/** A tier, or `none` for a customer not tiered yet (KPI breakdowns, audiences). */
export const TIER_KEYS = ['A', 'B', 'C', 'D', 'none'] as const;
export type TierKey = (typeof TIER_KEYS)[number];
export const TIER_KEY_LABELS: Record<TierKey, string> = {
  A: 'A类',
  B: 'B类',
  C: 'C类',
  D: 'D类',
  none: '未分级'
};

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
