import type {
  CareChannel,
  CareRuleView,
  CareTemplate,
  CreateCareRule,
  DispatchStatus,
  OccasionKind,
  TaskKind,
  careRuleList,
  carePreviewItem,
  carePreviewResponse,
  completeTaskRequest,
  dispatchListResponse,
  dispatchView,
  noticeListResponse,
  noticeView,
  subscriptionReport,
  subscriptionStatus,
  taskListResponse,
  taskView,
  updateCareRuleRequest
} from '@dealer/shared'
import type { SchemaOutput } from './schema'

// ---- care rules, dispatches, subscriptions, the advisors' tasks and the owners' inbox ----
export type { CareChannel, CareRuleView, CareTemplate, CreateCareRule, DispatchStatus, OccasionKind, TaskKind }
export type CareRuleList = SchemaOutput<typeof careRuleList>
export type UpdateCareRule = SchemaOutput<typeof updateCareRuleRequest>
export type CarePreview = SchemaOutput<typeof carePreviewResponse>
export type CarePreviewItem = SchemaOutput<typeof carePreviewItem>
export type DispatchView = SchemaOutput<typeof dispatchView>
export type DispatchList = SchemaOutput<typeof dispatchListResponse>
export type SubscriptionStatus = SchemaOutput<typeof subscriptionStatus>
export type SubscriptionReport = SchemaOutput<typeof subscriptionReport>
export type SubscribeAnswer = SubscriptionReport['results'][string]
export type TaskView = SchemaOutput<typeof taskView>
export type TaskList = SchemaOutput<typeof taskListResponse>
export type CompleteTask = SchemaOutput<typeof completeTaskRequest>
export type NoticeView = SchemaOutput<typeof noticeView>
export type NoticeList = SchemaOutput<typeof noticeListResponse>
