/**
 * Service reminders (docs/reminders.md "Workbench"): the workbench states, call outcomes and
 * their Chinese labels. Zod-free so the mini-program can bundle them.
 */

/** Where a due event stands for the advisor; derived on every read, never stored. */
export const REMINDER_STATES = [
  'due_soon',
  'overdue',
  'reminded',
  'booked',
  'arrived',
  'returned',
  'lost'
] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

export const REMINDER_STATE_LABELS: Record<ReminderState, string> = {
  due_soon: '即将到期',
  overdue: '已逾期',
  reminded: '已提醒',
  booked: '已预约',
  arrived: '已到店',
  returned: '已回厂',
  lost: '未回厂'
};

/** What an advisor's call about a due event came to. */
export const CALL_OUTCOMES = [
  'booked',
  'will_come',
  'call_back',
  'no_answer',
  'declined',
  'wrong_number'
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  booked: '已预约',
  will_come: '会来店',
  call_back: '稍后回电',
  no_answer: '无人接听',
  declined: '不需要',
  wrong_number: '号码错误'
};

/** How a reminder reached the owner: WeChat subscribe message, in-app inbox, or a call task for the advisor (not bound). */
export const REMINDER_CHANNELS = ['subscribe', 'inbox', 'task'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

/** pending until delivered; failed = the outcome is unknown (see docs/reminders.md). */
export const REMINDER_OUTCOMES = ['pending', 'sent', 'inbox', 'task', 'failed'] as const;
export type ReminderOutcome = (typeof REMINDER_OUTCOMES)[number];

export const REMINDER_OUTCOME_LABELS: Record<ReminderOutcome, string> = {
  pending: '发送中',
  sent: '已推送微信消息',
  inbox: '已发站内消息',
  task: '车主未绑定，已生成致电任务',
  failed: '发送结果未知'
};

/** Reminder results (funnel): stage names for the page, the chart and the CSV (zod-free: the mini-program bundles it). */

export const FUNNEL_STAGE_KEYS = ['due', 'reminded', 'booked', 'arrived', 'returned'] as const;
export type FunnelStageKey = (typeof FUNNEL_STAGE_KEYS)[number];

export const FUNNEL_STAGE_LABELS: Record<FunnelStageKey, string> = {
  due: '到期',
  reminded: '已提醒',
  booked: '已预约',
  arrived: '已到店',
  returned: '已回厂'
};
