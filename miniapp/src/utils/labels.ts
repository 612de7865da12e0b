/**
 * Chinese labels for the enums the pages show. The shared tables come from
 * @dealer/shared/labels/* — plain data without zod, so the mini-program bundles them (the
 * zod schemas in @dealer/shared/api re-export the same tables); the mini-program's own
 * tables follow. tests/miniapp/labels.test.ts checks that nothing the mini-program imports
 * at run time reaches zod.
 */
import type { VehicleUsage } from '@dealer/shared/domain/categories'
import type { CARE_PLACEHOLDERS, FESTIVAL_KEYS } from '@dealer/shared/labels/care'
import type { CareChannel } from '../services/api-types'

export { OCCUPATION_CLASSES, REGION_CLASSES, VEHICLE_USAGES } from '@dealer/shared/domain/categories'
export * from '@dealer/shared/labels/classes'
export * from '@dealer/shared/labels/care'
export * from '@dealer/shared/labels/reminders'
export { DUE_TYPE_LABELS } from '@dealer/shared/domain/due/explain'
export { REGION_CLASS_LABELS, OCCUPATION_CLASS_LABELS } from '@dealer/shared/labels/customers'

export type FestivalKey = (typeof FESTIVAL_KEYS)[number]

export const USAGE_LABELS: Record<VehicleUsage, string> = { private: '私家车', official: '公务车', commercial: '营运车' }

// ---- care ----

export type ChannelKind = CareChannel['kind']
export const CHANNEL_KINDS: readonly ChannelKind[] = ['subscribe', 'inbox', 'advisor_task']
export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  subscribe: '微信订阅消息',
  inbox: '站内消息',
  advisor_task: '顾问任务'
}

export const PLAN_LABELS: Record<'key' | 'routine' | 'all', string> = { key: '重点计划（A/B）', routine: '常规计划（C/D）', all: '全部客户' }

export const CARE_PLACEHOLDER_LABELS: Record<(typeof CARE_PLACEHOLDERS)[number], string> = {
  name: '客户姓名',
  dealership: '门店名称',
  date: '日期',
  festival: '节日名称',
  occasion: '关怀时机',
  advisor: '服务顾问',
  years: '购车年数'
}

/** Outcomes of a care preview (dry run). */
export const PREVIEW_OUTCOME_LABELS: Record<string, string> = {
  wechat: '微信消息',
  inbox_only: '仅站内信',
  task: '顾问任务',
  skipped: '不发送',
  already_done: '已发过'
}
