/** Reminder results: stage names for the page, the chart and the CSV (zod-free: the mini-program bundles it). */

export const FUNNEL_STAGE_KEYS = ['due', 'reminded', 'booked', 'arrived', 'returned'] as const;
export type FunnelStageKey = (typeof FUNNEL_STAGE_KEYS)[number];

export const FUNNEL_STAGE_LABELS: Record<FunnelStageKey, string> = {
  due: '到期',
  reminded: '已提醒',
  booked: '已预约',
  arrived: '已到店',
  returned: '已回厂'
};
