import { z } from 'zod';
import { isoDate, objectId, realDate } from './common';

/**
 * KPI dashboard (docs/domain.md "KPIs"; exact definitions in docs/metrics.md). Rates are
 * fractions 0–1 rounded to 4 places, null when the denominator is 0.
 */

/** Per-dealership KPI windows (stored under `settings.kpis`). */
export const kpiSettings = z
  .strictObject({
    /** A due vehicle counts as returned when it has a paid visit on days 0…N after the due date. */
    returnWindowDays: z.number().int().min(1).max(180).default(30),
    /** "The last 12 months": visits for the binding rate, retention windows, repeat visits, prospect cohort. */
    activeMonths: z.number().int().min(1).max(36).default(12),
    /** No paid visit for this many months: at-risk (准流失). */
    atRiskMonths: z.number().int().min(1).max(36).default(6),
    /** No paid visit for this many months: lost (流失). */
    lostMonths: z.number().int().min(2).max(60).default(12)
  })
  .refine((s) => s.lostMonths > s.atRiskMonths, {
    message: '流失月数须大于准流失月数',
    path: ['lostMonths']
  });
export type KpiSettings = z.infer<typeof kpiSettings>;

const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

/** One month, or a from–to range of days (both inclusive); neither = the current month. */
export const kpiQuery = z
  .strictObject({
    dealershipId: objectId.optional(),
    month: yearMonth.optional(),
    from: realDate.optional(),
    to: realDate.optional()
  })
  .refine((q) => !(q.month && (q.from || q.to)), { message: 'month 与 from/to 只能二选一', path: ['month'] })
  .refine((q) => !q.from === !q.to, { message: 'from 与 to 须同时提供', path: ['to'] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['from'] });
export type KpiQuery = z.infer<typeof kpiQuery>;

export const kpiTrendQuery = z.strictObject({
  dealershipId: objectId.optional(),
  months: z.coerce.number().int().min(1).max(36).default(12)
});
export type KpiTrendQuery = z.infer<typeof kpiTrendQuery>;

export const KPI_KEYS = [
  'bindingRate',
  'returnRate',
  'retention',
  'churn',
  'churnAB',
  'atRisk',
  'lost',
  'repeatVisitRate',
  'prospectConversion',
  'tierDistribution',
  'tierMovement',
  'satisfaction',
  'complaintResponse'
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

/** Short Chinese labels for the dashboard, the charts and the CSV header. */
export const KPI_LABELS: Record<KpiKey, string> = {
  bindingRate: '绑定率',
  returnRate: '回厂率',
  retention: '保有率',
  churn: '流失率',
  churnAB: 'A/B类客户流失率',
  atRisk: '准流失客户数',
  lost: '流失客户数',
  repeatVisitRate: '重复进厂率',
  prospectConversion: '潜客转化率',
  tierDistribution: '客户等级分布',
  tierMovement: '等级异动',
  satisfaction: '满意度',
  complaintResponse: '投诉响应时长'
};

// TIER_KEYS (a tier or `none`) and TIER_KEY_LABELS: labels/classes.ts, exported with api/classes.

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1).nullable();
const byTier = <T extends z.ZodType>(item: T) => z.object({ A: item, B: item, C: item, D: item, none: item });

export const kpiRatio = z.object({ value: rate, numerator: count, denominator: count });
export type KpiRatio = z.infer<typeof kpiRatio>;

/** label + a one-line Chinese definition with the dealership's own windows filled in. */
const described = { label: z.string(), hint: z.string() };

export const tierMovementMatrix = z.object({
  /** counts[from][to], from the tier in force before the period to the one at its end. */
  counts: byTier(byTier(count)),
  upgraded: count,
  downgraded: count,
  unchanged: count,
  added: count,
  removed: count
});

/** An average rating 1–5 to 2 places; null when nobody answered. */
const averageRating = z.number().min(1).max(5).nullable();
const ratingGroup = z.object({ answers: count, average: averageRating });

/** Survey answers of the visits in the period (docs/metrics.md "Satisfaction"). */
export const satisfactionFigures = z.object({
  answers: count,
  /** The mean of the four ratings over every answer. */
  average: averageRating,
  byQuestion: z.object({
    reception: averageRating,
    quality: averageRating,
    timeliness: averageRating,
    price: averageRating
  }),
  /** Answers with a rating at or below the dealership's low-score threshold. */
  lowScores: count,
  byAdvisor: z.array(ratingGroup.extend({ advisorId: objectId.nullable(), name: z.string() })),
  byServiceType: z.array(ratingGroup.extend({ serviceType: z.string().nullable(), label: z.string() }))
});
export type SatisfactionFigures = z.infer<typeof satisfactionFigures>;

/** Complaints opened in the period and how fast they were answered (docs/metrics.md). */
export const complaintFigures = z.object({
  opened: count,
  acknowledged: count,
  resolved: count,
  /** Opened → first acknowledgement, in minutes (mean, 1 place); null when none was acknowledged. */
  avgResponseMinutes: z.number().min(0).nullable(),
  /** Opened → first resolution, in minutes. */
  avgResolutionMinutes: z.number().min(0).nullable()
});
export type ComplaintFigures = z.infer<typeof complaintFigures>;

export const kpiValues = z.object({
  bindingRate: kpiRatio.extend({ ...described, boundCustomers: count, newBindings: count }),
  returnRate: kpiRatio.extend({ ...described, due: count, pending: count }),
  retention: kpiRatio.extend({ ...described, byTier: byTier(kpiRatio) }),
  churn: kpiRatio.extend({ ...described, byTier: byTier(kpiRatio) }),
  churnAB: kpiRatio.extend(described),
  atRisk: z.object({ ...described, count, byTier: byTier(count) }),
  lost: z.object({ ...described, count, byTier: byTier(count) }),
  repeatVisitRate: kpiRatio.extend(described),
  prospectConversion: kpiRatio.extend(described),
  tierDistribution: z.object({ ...described, counts: byTier(count), source: z.enum(['history', 'current']) }),
  tierMovement: z.object({ ...described, available: z.boolean(), matrix: tierMovementMatrix.nullable() }),
  satisfaction: satisfactionFigures.extend(described),
  complaintResponse: complaintFigures.extend(described)
});
export type KpiValues = z.infer<typeof kpiValues>;

export const kpiPeriod = z.object({
  from: isoDate,
  to: isoDate,
  /** The day the "as of" KPIs are measured: the period end, or today when the period is still running. */
  asOf: isoDate,
  /** 'YYYY-MM' when the period is one calendar month. */
  month: z.string().nullable()
});
export type KpiPeriod = z.infer<typeof kpiPeriod>;

export const kpiResponse = z.object({
  dealershipId: objectId,
  period: kpiPeriod,
  settings: z.object({
    returnWindowDays: count,
    activeMonths: count,
    atRiskMonths: count,
    lostMonths: count,
    firstMaintenanceMonths: count,
    regularMaintenanceMonths: count
  }),
  kpis: kpiValues
});
export type KpiResponse = z.infer<typeof kpiResponse>;

export const kpiTrendPoint = z.object({
  month: z.string(),
  asOf: isoDate,
  bindingRate: kpiRatio,
  returnRate: kpiRatio.extend({ due: count, pending: count }),
  retention: kpiRatio,
  churn: kpiRatio,
  churnAB: kpiRatio,
  atRisk: count,
  lost: count,
  repeatVisitRate: kpiRatio,
  prospectConversion: kpiRatio,
  tierDistribution: byTier(count),
  tierMovement: z.object({ upgraded: count, downgraded: count }).nullable(),
  satisfaction: ratingGroup,
  complaintResponse: complaintFigures
});
export type KpiTrendPoint = z.infer<typeof kpiTrendPoint>;

export const kpiTrendResponse = z.object({
  dealershipId: objectId,
  labels: z.record(z.string(), z.string()),
  points: z.array(kpiTrendPoint)
});
export type KpiTrendResponse = z.infer<typeof kpiTrendResponse>;
