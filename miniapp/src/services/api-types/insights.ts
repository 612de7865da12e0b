import type {
  AftercareKpiResponse,
  KpiRatio,
  KpiResponse,
  KpiTrendPoint,
  KpiTrendResponse,
  KpiValues,
  TierKey,
  segmentCustomersResponse,
  segmentListResponse
} from '@dealer/shared'
import type {
  CreateSegmentRequest,
  SegmentCustomer,
  SegmentFilter,
  SegmentView,
  UpdateSegmentRequest,
  segmentPreviewResponse
} from '@dealer/shared/api/segments'
import type { CustomerTierView, TierOverrideRequest, TierRunView, TierSummary, tierHistoryView } from '@dealer/shared/api/tiers'
import type { Tier, TierAssignmentMode, TierMethod, TierSettings } from '@dealer/shared/domain/tiers/settings'
import type { SchemaOutput } from './schema'

// ---- KPIs, segments, tiers and the reminder funnel ----
export type { AftercareKpiResponse, KpiRatio, KpiResponse, KpiTrendPoint, KpiTrendResponse, KpiValues, TierKey }
export type { CreateSegmentRequest, SegmentCustomer, SegmentFilter, SegmentView, UpdateSegmentRequest }
export type { CustomerTierView, TierOverrideRequest, TierRunView, TierSummary }
export type { Tier, TierSettings, TierMethod, TierAssignmentMode }
export type { ReminderFunnelResponse, FunnelStages, ControlStages, UpliftView, AdvisorFunnelRow } from '@dealer/shared/api/reminder-results'
export type SegmentPreview = SchemaOutput<typeof segmentPreviewResponse>
export type SegmentList = SchemaOutput<typeof segmentListResponse>
export type SegmentCustomerPage = SchemaOutput<typeof segmentCustomersResponse>
export type TierHistoryEntry = SchemaOutput<typeof tierHistoryView>
