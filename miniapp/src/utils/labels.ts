/**
 * Chinese labels for the issue-3 enums. The originals live next to the zod schemas in
 * @dealer/shared (which the mini-program must not bundle); tests/miniapp/labels.test.ts
 * checks these copies against them so they cannot drift.
 */
import { OCCUPATION_CLASSES, REGION_CLASSES, VEHICLE_USAGES, type VehicleUsage } from '@dealer/shared/domain/categories'
import type { CareChannel, DispatchStatus, OccasionKind, TaskKind, Tier, TierKey } from '../services/api-types'
import type { AgeGroup, Lifecycle, ServiceStage, VehicleAgeClass } from '@dealer/shared/api/classes'

export { OCCUPATION_CLASSES, REGION_CLASSES, VEHICLE_USAGES }

export const TIERS: readonly Tier[] = ['A', 'B', 'C', 'D']
export const TIER_KEYS: readonly TierKey[] = ['A', 'B', 'C', 'D', 'none']
export const TIER_KEY_LABELS: Record<TierKey, string> = { A: 'A类', B: 'B类', C: 'C类', D: 'D类', none: '未分级' }

export const LIFECYCLES: readonly Lifecycle[] = ['loyal', 'ordinary', 'at_risk', 'lost', 'prospect']
export const LIFECYCLE_LABELS: Record<Lifecycle, string> = {
  loyal: '忠诚客户',
  ordinary: '一般客户',
  at_risk: '准流失',
  lost: '流失',
  prospect: '潜在客户'
}

export const VEHICLE_AGE_CLASSES: readonly VehicleAgeClass[] = ['warranty', 'sanbao', 'out', 'unknown']
export const VEHICLE_AGE_LABELS: Record<VehicleAgeClass, string> = {
  warranty: '保修期内',
  sanbao: '三包期内',
  out: '已出保',
  unknown: '未知'
}

export const SERVICE_STAGES: readonly ServiceStage[] = ['awaiting_first', 'regular', 'repair_only', 'none']
export const SERVICE_STAGE_LABELS: Record<ServiceStage, string> = {
  awaiting_first: '待首保',
  regular: '定期保养',
  repair_only: '仅维修',
  none: '无进厂记录'
}

export const AGE_GROUPS: readonly AgeGroup[] = ['60s', '70s', '80s', '90s', '00s', 'other']
export const AGE_GROUP_LABELS: Record<AgeGroup, string> = {
  '60s': '60后',
  '70s': '70后',
  '80s': '80后',
  '90s': '90后',
  '00s': '00后',
  other: '其他'
}

export const USAGE_LABELS: Record<VehicleUsage, string> = { private: '私家车', official: '公务车', commercial: '营运车' }

export const REGION_CLASS_LABELS: Record<(typeof REGION_CLASSES)[number], string> = { city: '市区', county: '县城', town: '乡镇' }
export const OCCUPATION_CLASS_LABELS: Record<(typeof OCCUPATION_CLASSES)[number], string> = {
  civil_servant: '公务员',
  employee: '企事业单位',
  worker: '务工人员',
  farmer: '农民',
  other: '其他'
}

// ---- care ----

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
] as const
export type FestivalKey = (typeof FESTIVAL_KEYS)[number]
export const FESTIVAL_LABELS: Record<FestivalKey, string> = {
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
}

export const OCCASION_KINDS: readonly OccasionKind[] = ['birthday', 'festival', 'purchase_anniversary', 'tier_touchpoint', 'tier_upgrade', 'at_risk_winback']
export const OCCASION_LABELS: Record<OccasionKind, string> = {
  birthday: '生日',
  festival: '节日',
  purchase_anniversary: '购车周年',
  tier_touchpoint: '定期回访',
  tier_upgrade: '等级提升',
  at_risk_winback: '流失挽回'
}

export const TASK_KINDS: readonly TaskKind[] = ['quarterly_call', 'holiday_visit', 'winback_call', 'care_call']
export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  quarterly_call: '季度回访',
  holiday_visit: '节日拜访',
  winback_call: '流失挽回',
  care_call: '关怀回访'
}

export type ChannelKind = CareChannel['kind']
export const CHANNEL_KINDS: readonly ChannelKind[] = ['subscribe', 'inbox', 'advisor_task']
export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  subscribe: '微信订阅消息',
  inbox: '站内消息',
  advisor_task: '顾问任务'
}

export const PLAN_LABELS: Record<'key' | 'routine' | 'all', string> = { key: '重点计划（A/B）', routine: '常规计划（C/D）', all: '全部客户' }

export const CARE_PLACEHOLDERS = ['name', 'dealership', 'date', 'festival', 'occasion', 'advisor', 'years'] as const
export const CARE_PLACEHOLDER_LABELS: Record<(typeof CARE_PLACEHOLDERS)[number], string> = {
  name: '客户姓名',
  dealership: '门店名称',
  date: '日期',
  festival: '节日名称',
  occasion: '关怀时机',
  advisor: '服务顾问',
  years: '购车年数'
}

export const DISPATCH_STATUSES: readonly DispatchStatus[] = ['pending', 'sending', 'sent', 'inbox_only', 'task_created', 'failed', 'skipped']
export const DISPATCH_STATUS_LABELS: Record<DispatchStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  inbox_only: '仅站内信',
  task_created: '已建任务',
  failed: '失败',
  skipped: '未发送'
}
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
}

/** Outcomes of a care preview (dry run). */
export const PREVIEW_OUTCOME_LABELS: Record<string, string> = {
  wechat: '微信消息',
  inbox_only: '仅站内信',
  task: '顾问任务',
  skipped: '不发送',
  already_done: '已发过'
}
