import { z } from 'zod';
import { daysBetween } from '../domain/dates';
import { objectId, realDate } from './common';

export * from '../labels/reminders';

/**
 * Reminder results for managers (docs/reminders.md "Funnel and uplift"): the funnel
 * due → reminded → booked → arrived → returned of the vehicles due for maintenance in a period,
 * the control group (never reminded) beside it, and the uplift of the return rate.
 */

/** One year at most: one request reads the period's due events and their vehicles' records. */
export const MAX_FUNNEL_PERIOD_DAYS = 366;

export const reminderFunnelQuery = z
  .strictObject({
    /** Group admins name the dealership; everyone else gets their own. */
    dealershipId: objectId.optional(),
    /** Due days from–to, both inclusive (Asia/Shanghai calendar days). */
    from: realDate,
    to: realDate,
    /** Only the events of this advisor's customers. */
    advisorId: objectId.optional()
  })
  .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['from'] })
  .refine((q) => q.from > q.to || daysBetween(q.from, q.to) < MAX_FUNNEL_PERIOD_DAYS, {
    message: `统计期间最长 ${MAX_FUNNEL_PERIOD_DAYS} 天`,
    path: ['to']
  });
export type ReminderFunnelQuery = z.infer<typeof reminderFunnelQuery>;

const count = z.number().int().min(0);
const fraction = z.number().min(0).max(1);

/** The reminded column: each stage is a subset of the one before, but `returned` counts walk-ins too. */
export const funnelStages = z.strictObject({
  /** Due in the period, not in the control group. */
  due: count,
  /** A reminder went out (WeChat subscribe message or in-app notice). */
  reminded: count,
  /** Reminded, then a booking for the vehicle made inside the window. */
  booked: count,
  /** Booked, and that booking arrived or was served. */
  arrived: count,
  /** Reminded and came back for paid maintenance inside the window (with or without a booking). */
  returned: count,
  /** Reminded, window closed, not returned. */
  missed: count,
  /** Reminded, window still open, not returned yet: left out of the rate. */
  pending: count,
  /** returned / (returned + missed), 4 places; null when nobody is decided. */
  returnRate: fraction.nullable()
});
export type FunnelStages = z.infer<typeof funnelStages>;

/** The control group column: due → returned only (never reminded). */
export const controlStages = z.strictObject({
  due: count,
  returned: count,
  missed: count,
  pending: count,
  returnRate: fraction.nullable()
});
export type ControlStages = z.infer<typeof controlStages>;

const decidedSample = z.strictObject({ returned: count, decided: count, rate: fraction.nullable() });

export const upliftView = z.strictObject({
  reminded: decidedSample,
  control: decidedSample,
  /** Return rate difference, a fraction (0.08 = 8 percentage points); null without decided vehicles. */
  difference: z.number().min(-1).max(1).nullable(),
  /** The 95% Wald interval of the difference; null when 样本不足. */
  interval: z.strictObject({ low: z.number(), high: z.number() }).nullable(),
  verdict: z.enum(['insufficient', 'higher', 'lower', 'not_significant']),
  /** Decided vehicles each group needs before an interval is given. */
  minSample: count,
  /** e.g. 提醒组回厂率 46.0%（230/500），对照组 38.0%（19/50），提升 8.0 个百分点，… */
  sentence: z.string()
});
export type UpliftView = z.infer<typeof upliftView>;

export const advisorFunnelRow = z.strictObject({
  /** null: customers without an advisor. */
  advisorId: objectId.nullable(),
  advisorName: z.string(),
  funnel: funnelStages,
  control: controlStages
});
export type AdvisorFunnelRow = z.infer<typeof advisorFunnelRow>;

export const reminderFunnelResponse = z.strictObject({
  dealershipId: objectId,
  period: z.strictObject({ from: z.string(), to: z.string(), asOf: z.string() }),
  /** The KPI return window (settings.kpis.returnWindowDays). */
  returnWindowDays: count,
  advisorId: objectId.nullable(),
  funnel: funnelStages,
  control: controlStages,
  uplift: upliftView,
  /** One row per advisor with due vehicles, most due first. */
  advisors: z.array(advisorFunnelRow)
});
export type ReminderFunnelResponse = z.infer<typeof reminderFunnelResponse>;
