/**
 * Response and request shapes of the issue-3 APIs, derived from the zod schemas in
 * @dealer/shared. TYPE-ONLY imports: the schemas (and zod) are never bundled into the
 * mini-program; `import type` is erased by the compiler.
 */
import type {
  CareChannel,
  CareRuleView,
  CareTemplate,
  CreateCareRule,
  DispatchStatus,
  KpiRatio,
  KpiResponse,
  KpiTrendPoint,
  KpiTrendResponse,
  KpiValues,
  OccasionKind,
  TaskKind,
  TierKey,
  carePreviewItem,
  claimReview,
  carePreviewResponse,
  completeTaskRequest,
  dispatchListResponse,
  dispatchView,
  noticeListResponse,
  noticeView,
  ownerClaimRequest,
  subscriptionReport,
  subscriptionStatus,
  taskListResponse,
  taskView,
  updateCareRuleRequest
} from '@dealer/shared'
import type { CreateSegmentRequest, SegmentCustomer, SegmentFilter, SegmentView, UpdateSegmentRequest, segmentPreviewResponse } from '@dealer/shared/api/segments'
import type { CustomerTierView, TierOverrideRequest, TierRunView, TierSummary, tierHistoryView } from '@dealer/shared/api/tiers'
import type { Tier, TierSettings, TierMethod, TierAssignmentMode } from '@dealer/shared/domain/tiers/settings'

/** What a zod schema's `parse` returns (its output type), without importing zod. */
export type SchemaOutput<S extends { parse: (data: unknown) => unknown }> = ReturnType<S['parse']>

export type { KpiRatio, KpiResponse, KpiTrendPoint, KpiTrendResponse, KpiValues, TierKey }
export type { CareChannel, CareRuleView, CareTemplate, CreateCareRule, DispatchStatus, OccasionKind, TaskKind }
export type { CreateSegmentRequest, SegmentCustomer, SegmentFilter, SegmentView, UpdateSegmentRequest }
export type { CustomerTierView, TierOverrideRequest, TierRunView, TierSummary }
export type { Tier, TierSettings, TierMethod, TierAssignmentMode }

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
export type SegmentPreview = SchemaOutput<typeof segmentPreviewResponse>
export type TierHistoryEntry = SchemaOutput<typeof tierHistoryView>
export type OwnerClaimRequest = SchemaOutput<typeof ownerClaimRequest>
export type ClaimReview = SchemaOutput<typeof claimReview>
export type ClaimDecision = 'approve' | 'decline'
