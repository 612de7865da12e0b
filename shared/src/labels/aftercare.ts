/**
 * Aftercare: callback kinds and outcomes, complaint states, categories and actions, and their
 * Chinese labels. Zod-free so the mini-program can bundle them (see labels/classes.ts).
 */
export const CALLBACK_KINDS = ['7dc', '3dc'] as const;
export const CALLBACK_KIND_LABELS: Record<(typeof CALLBACK_KINDS)[number], string> = {
  '7dc': '新车交付7日回访',
  '3dc': '维修保养3日回访'
};
export const CALLBACK_OUTCOMES = ['satisfied', 'issue', 'unreachable'] as const;
export const CALLBACK_OUTCOME_LABELS: Record<(typeof CALLBACK_OUTCOMES)[number], string> = {
  satisfied: '满意',
  issue: '有问题',
  unreachable: '未接通'
};
export const CALLBACK_STATUSES = ['open', 'satisfied', 'issue', 'unreachable'] as const;

export const COMPLAINT_STATUSES = [
  'new',
  'acknowledged',
  'in_progress',
  'resolved',
  'closed',
  'reopened'
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  new: '待受理',
  acknowledged: '已受理',
  in_progress: '处理中',
  resolved: '已解决',
  closed: '已关闭',
  reopened: '已重新打开'
};
export const COMPLAINT_CATEGORIES = [
  'repair_quality',
  'service_attitude',
  'waiting_time',
  'price',
  'parts',
  'other'
] as const;
export const COMPLAINT_CATEGORY_LABELS: Record<(typeof COMPLAINT_CATEGORIES)[number], string> = {
  repair_quality: '维修质量',
  service_attitude: '服务态度',
  waiting_time: '等待时间',
  price: '价格收费',
  parts: '配件问题',
  other: '其他'
};
export const COMPLAINT_SOURCES = ['owner', 'callback', 'survey'] as const;
export const COMPLAINT_STAFF_ACTIONS = ['acknowledge', 'start', 'resolve', 'note', 'assign'] as const;
export const COMPLAINT_ACTIONS = [
  'opened',
  ...COMPLAINT_STAFF_ACTIONS,
  'confirm',
  'reopen',
  'escalated'
] as const;

export const SURVEY_RATING_LABELS = {
  reception: '接待服务',
  quality: '维修质量',
  timeliness: '交车及时',
  price: '价格合理'
} as const;
export type SurveyRatingKey = keyof typeof SURVEY_RATING_LABELS;
