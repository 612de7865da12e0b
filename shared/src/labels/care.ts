import type { FestivalKey } from '../domain/calendar/festivals';

/**
 * Care engine enums (docs/domain.md "Care plans and reminders") and their Chinese labels; zod-free, see
 * labels/classes.ts. No calendar code is imported here (lunar-javascript is large); the
 * festival keys are listed and checked against the calendar's type.
 */

export const FESTIVAL_KEYS = [
  'new_year',
  'spring_festival_eve',
  'spring_festival',
  'lantern_festival',
  'qingming',
  'labour_day',
  'dragon_boat',
  'qixi',
  'mid_autumn',
  'national_day'
] as const satisfies readonly FestivalKey[];

export const FESTIVAL_LABELS: Record<(typeof FESTIVAL_KEYS)[number], string> = {
  new_year: '元旦',
  spring_festival_eve: '除夕',
  spring_festival: '春节',
  lantern_festival: '元宵节',
  qingming: '清明节',
  labour_day: '劳动节',
  dragon_boat: '端午节',
  qixi: '七夕',
  mid_autumn: '中秋节',
  national_day: '国庆节'
};

export const OCCASION_KINDS = [
  'birthday',
  'festival',
  'purchase_anniversary',
  'tier_touchpoint',
  'tier_upgrade',
  'at_risk_winback'
] as const;
export type OccasionKind = (typeof OCCASION_KINDS)[number];
export const OCCASION_LABELS: Record<OccasionKind, string> = {
  birthday: '生日',
  festival: '节日',
  purchase_anniversary: '购车周年',
  tier_touchpoint: '定期回访',
  tier_upgrade: '等级提升',
  at_risk_winback: '流失挽回'
};

/** Tasks a care rule may create. */
export const CARE_TASK_KINDS = ['quarterly_call', 'holiday_visit', 'winback_call', 'care_call'] as const;
/**
 * Every task kind: care rules', the aftercare escalation of an overdue complaint to the
 * manager, the call suggested when a due reminder cannot reach an unbound owner, and a points
 * account the nightly reconciliation found drifting (for the managers to check).
 */
export const TASK_KINDS = [
  ...CARE_TASK_KINDS,
  'complaint_escalation',
  'reminder_call',
  'points_drift',
  'lottery_followup'
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  quarterly_call: '季度回访',
  holiday_visit: '节日拜访',
  winback_call: '流失挽回',
  care_call: '关怀回访',
  complaint_escalation: '投诉升级',
  reminder_call: '到期提醒致电',
  points_drift: '积分对账异常',
  lottery_followup: '活动潜客跟进'
};

/** Values a rule's texts may use. */
export const CARE_PLACEHOLDERS = [
  'name',
  'dealership',
  'date',
  'festival',
  'occasion',
  'advisor',
  'years'
] as const;

export const DISPATCH_STATUSES = [
  'pending',
  'sending',
  'sent',
  'inbox_only',
  'task_created',
  'failed',
  'skipped'
] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];
export const DISPATCH_STATUS_LABELS: Record<DispatchStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  inbox_only: '仅站内信',
  task_created: '已建任务',
  failed: '失败',
  skipped: '未发送'
};
/** Why a dispatch is inbox_only / skipped / failed. */
export const DISPATCH_REASON_LABELS: Record<string, string> = {
  no_binding: '客户未绑定微信',
  no_quota: '车主未订阅或订阅次数已用完',
  no_consent: '客户未同意接收营销消息',
  inbox_channel: '规则只发站内信',
  retries_exhausted: '多次重试仍失败',
  outcome_unknown: '发送结果未知（为避免重复不再重发）',
  bad_data: '消息内容不符合模板要求',
  wechat_error: '微信返回错误',
  assumed_delivered: '中断前的发送已送达（订阅次数已扣除）'
};
