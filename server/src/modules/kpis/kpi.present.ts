import {
  KPI_LABELS,
  type ComplaintFigures,
  type SatisfactionFigures,
  TIER_KEYS,
  type KpiRatio,
  type KpiSettings,
  type KpiTrendPoint,
  type KpiValues
} from '@dealer/shared';
import type { TierMovementMatrix } from '@dealer/shared/domain/tiers';
import type { ByTier, PeriodCounts, Ratio } from './kpi-evaluate';

/** Counts → what the dashboard shows: rates to 4 places, labels, one-line definitions. */

export interface WindowSettings extends KpiSettings {
  firstMaintenanceMonths: number;
  regularMaintenanceMonths: number;
}

export function ratio({ numerator, denominator }: Ratio): KpiRatio {
  const value = denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
  return { value, numerator, denominator };
}

/** 1 − retention: the customers of the previous window who did not come back. */
const churnOf = (r: Ratio): KpiRatio =>
  ratio({ numerator: r.denominator - r.numerator, denominator: r.denominator });

function mapTiers<T, U>(values: ByTier<T>, fn: (v: T) => U): ByTier<U> {
  return Object.fromEntries(TIER_KEYS.map((k) => [k, fn(values[k])])) as ByTier<U>;
}

function churnAB(retention: PeriodCounts['retention']): Ratio {
  const { A, B } = retention.byTier;
  return {
    numerator: A.denominator + B.denominator - A.numerator - B.numerator,
    denominator: A.denominator + B.denominator
  };
}

const sum = (values: ByTier<number>) => TIER_KEYS.reduce((total, k) => total + values[k], 0);

function hints(s: WindowSettings): Record<keyof KpiValues, string> {
  const m = s.activeMonths;
  return {
    bindingRate: `近${m}个月有进厂记录的客户中，期末已绑定微信的比例`,
    returnRate: `保养到期日在本期内的车辆中，到期后${s.returnWindowDays}天内有偿回厂的比例（首保${s.firstMaintenanceMonths}个月、定保${s.regularMaintenanceMonths}个月）`,
    retention: `前一个${m}个月有有偿进厂的客户中，近${m}个月仍有有偿进厂的比例`,
    churn: '1 − 保有率',
    churnAB: `A/B类客户的流失率（按${m}个月前的等级）`,
    atRisk: `最近一次有偿进厂在${s.atRiskMonths}至${s.lostMonths}个月前的客户数`,
    lost: `超过${s.lostMonths}个月没有有偿进厂的客户数`,
    repeatVisitRate: `近${m}个月有有偿进厂的客户中，进厂2天及以上的比例`,
    prospectConversion: `近${m}个月新增的潜在客户中，之后有有偿进厂的比例`,
    tierDistribution: '期末各等级客户数',
    tierMovement: '本期初到期末的等级变化人数',
    satisfaction: '本期到店客户满意度调查四项评分（接待、维修质量、时效、价格，1–5分）的平均分',
    complaintResponse: '本期新增投诉从提交到首次受理、首次解决的平均时长（分钟）'
  };
}

function movementView(matrix: TierMovementMatrix | null) {
  if (!matrix) return null;
  const { counts, upgraded, downgraded, unchanged, added, removed } = matrix;
  return { counts, upgraded, downgraded, unchanged, added, removed };
}

/** What the aftercare module measured for a period. */
export interface AftercarePeriod {
  satisfaction: SatisfactionFigures;
  complaints: ComplaintFigures;
}

export function presentValues(
  c: PeriodCounts,
  settings: WindowSettings,
  aftercare: AftercarePeriod
): KpiValues {
  const hint = hints(settings);
  const d = <K extends keyof KpiValues>(key: K) => ({ label: KPI_LABELS[key], hint: hint[key] });
  return {
    bindingRate: {
      ...d('bindingRate'),
      ...ratio(c.binding),
      boundCustomers: c.binding.boundCustomers,
      newBindings: c.binding.newBindings
    },
    returnRate: {
      ...d('returnRate'),
      ...ratio({ numerator: c.returns.returned, denominator: c.returns.returned + c.returns.missed }),
      due: c.returns.due,
      pending: c.returns.pending
    },
    retention: { ...d('retention'), ...ratio(c.retention), byTier: mapTiers(c.retention.byTier, ratio) },
    churn: { ...d('churn'), ...churnOf(c.retention), byTier: mapTiers(c.retention.byTier, churnOf) },
    churnAB: { ...d('churnAB'), ...ratio(churnAB(c.retention)) },
    atRisk: { ...d('atRisk'), count: sum(c.atRisk), byTier: c.atRisk },
    lost: { ...d('lost'), count: sum(c.lost), byTier: c.lost },
    repeatVisitRate: { ...d('repeatVisitRate'), ...ratio(c.repeatVisits) },
    prospectConversion: { ...d('prospectConversion'), ...ratio(c.prospects) },
    tierDistribution: { ...d('tierDistribution'), counts: c.tierDistribution, source: c.tierSource },
    tierMovement: {
      ...d('tierMovement'),
      available: c.tierMovement !== null,
      matrix: movementView(c.tierMovement)
    },
    satisfaction: { ...d('satisfaction'), ...aftercare.satisfaction },
    complaintResponse: { ...d('complaintResponse'), ...aftercare.complaints }
  };
}

export function presentTrendPoint(
  month: string,
  asOf: string,
  c: PeriodCounts,
  aftercare: AftercarePeriod
): KpiTrendPoint {
  return {
    month,
    asOf,
    bindingRate: ratio(c.binding),
    returnRate: {
      ...ratio({ numerator: c.returns.returned, denominator: c.returns.returned + c.returns.missed }),
      due: c.returns.due,
      pending: c.returns.pending
    },
    retention: ratio(c.retention),
    churn: churnOf(c.retention),
    churnAB: ratio(churnAB(c.retention)),
    atRisk: sum(c.atRisk),
    lost: sum(c.lost),
    repeatVisitRate: ratio(c.repeatVisits),
    prospectConversion: ratio(c.prospects),
    tierDistribution: c.tierDistribution,
    tierMovement: c.tierMovement
      ? { upgraded: c.tierMovement.upgraded, downgraded: c.tierMovement.downgraded }
      : null,
    satisfaction: { answers: aftercare.satisfaction.answers, average: aftercare.satisfaction.average },
    complaintResponse: aftercare.complaints
  };
}
