/**
 * The API contract of the mini-program: every request and response shape is derived from the
 * zod schemas in @dealer/shared (the same schemas the server validates against and its tests
 * check every answer with). Nothing here is written by hand. TYPE-ONLY imports: the schemas
 * (and zod) are never bundled into the mini-program; `import type` is erased by the compiler.
 */
import type { z } from 'zod'
import type {
  StaffRole,
  accessLogEntry,
  accessLogPage,
  accessLogQuery,
  bindResponse,
  birthdayView,
  claimVehicleRequest,
  contactView,
  createContactRequest,
  createCustomerRequest,
  createStaffRequest,
  customerArchive,
  customerListItem,
  customerListQuery,
  customerListResponse,
  dealershipListResponse,
  dealershipSummary,
  careRuleList,
  importAccepted,
  importColumns,
  importJob,
  importUnreadable,
  segmentCustomersResponse,
  segmentListResponse,
  importKind,
  importList,
  importRowError,
  importStatus,
  meResponse,
  namedRef,
  ownerBinding,
  ownerBindingList,
  ownerBirthday,
  ownerLoginResponse,
  ownerProfile,
  ownerServiceRecord,
  ownerVehicle,
  ownerVehicleDetail,
  ownerVehicleList,
  reassignResponse,
  revokeSessionsResponse,
  sceneResolution,
  staffListResponse,
  staffLoginResponse,
  staffProfile,
  updateCustomerRequest,
  updateOwnerProfileRequest,
  updateStaffRequest,
  CareChannel,
  CareRuleView,
  CareTemplate,
  CreateCareRule,
  DispatchStatus,
  AftercareKpiResponse,
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
  claimVehicleResponse,
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
import type { bookingSettings, bookingTarget, rescheduleBookingRequest, staffBookRequest, staffBookingList, staffBookingListQuery } from '@dealer/shared'
import type {
  callbackAttemptRequest,
  callbackListResponse,
  callbackView,
  complaintActionRequest,
  complaintEventView,
  complaintListResponse,
  complaintPhotoView,
  complaintView,
  customerAftercareResponse,
  ownerComplaintListResponse,
  ownerComplaintRequest,
  ownerComplaintView,
  ownerSurveyListResponse,
  surveyAnswerRequest,
  surveyView
} from '@dealer/shared'
import type {
  CreateSegmentRequest,
  SegmentCustomer,
  SegmentFilter,
  SegmentView,
  UpdateSegmentRequest,
  segmentPreviewResponse
} from '@dealer/shared/api/segments'
import type { availabilityResponse, bookingAdvisorList, bookingServiceType, bookingView, ownerBookingList, ownerBookRequest } from '@dealer/shared/api/bookings'
import type { dueEventView, ownerDueResponse, ownerVehicleDue } from '@dealer/shared/api/due'
import type { CustomerTierView, TierOverrideRequest, TierRunView, TierSummary, tierHistoryView } from '@dealer/shared/api/tiers'
import type { Tier, TierSettings, TierMethod, TierAssignmentMode } from '@dealer/shared/domain/tiers/settings'
import type { DealershipDueSettings, OwnerDueResponse, DueEventView } from '@dealer/shared/api/due'
import type { DueType } from '@dealer/shared/domain/due/settings'

/** What a schema answers (its output type). */
export type SchemaOutput<S extends z.ZodType> = z.infer<S>
/** What a request schema accepts (its input type: optional fields, defaults not yet applied). */
type SchemaInput<S extends z.ZodType> = z.input<S>

export type { AftercareKpiResponse, KpiRatio, KpiResponse, KpiTrendPoint, KpiTrendResponse, KpiValues, TierKey }
export type { CareChannel, CareRuleView, CareTemplate, CreateCareRule, DispatchStatus, OccasionKind, TaskKind }
export type { CreateSegmentRequest, SegmentCustomer, SegmentFilter, SegmentView, UpdateSegmentRequest }
export type { CustomerTierView, TierOverrideRequest, TierRunView, TierSummary }
export type { Tier, TierSettings, TierMethod, TierAssignmentMode }
export type { DealershipDueSettings, DueEventView, DueType, OwnerDueResponse }

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
/** What a correct plate + VIN-6 gives: the vehicle at once (the archive has my mobile), or a request to confirm. */
export type ClaimVehicleResult = SchemaOutput<typeof claimVehicleResponse>
/** A list answer of the form `{ items }`. */
export type ItemList<T> = { items: T[] }

// ---- auth and session ----
export type { StaffRole }
export type StaffProfile = SchemaOutput<typeof staffProfile>
/** What the device keeps about the signed-in staff member (a subset of their profile). */
export type StaffUser = Pick<StaffProfile, 'id' | 'name' | 'role' | 'dealershipId'>
export type OwnerLoginResponse = SchemaOutput<typeof ownerLoginResponse>
export type StaffLoginResponse = SchemaOutput<typeof staffLoginResponse>
export type Me = SchemaOutput<typeof meResponse>

// ---- dealerships, bindings, owner vehicles and profile ----
export type IdName = SchemaOutput<typeof namedRef>
export type DealershipRef = SchemaOutput<typeof dealershipSummary>
export type DealershipList = SchemaOutput<typeof dealershipListResponse>
export type SceneInfo = SchemaOutput<typeof sceneResolution>
export type Binding = SchemaOutput<typeof ownerBinding>
export type BindingList = SchemaOutput<typeof ownerBindingList>
export type BindResult = SchemaOutput<typeof bindResponse>
export type OwnerVehicle = SchemaOutput<typeof ownerVehicle>
export type OwnerVehicleList = SchemaOutput<typeof ownerVehicleList>
export type OwnerVehicleDetail = SchemaOutput<typeof ownerVehicleDetail>
export type Coverage = OwnerVehicle['warranty']
export type CoverageStatus = Coverage['status']
export type ServiceRecord = SchemaOutput<typeof ownerServiceRecord>
export type ClaimRequest = SchemaInput<typeof claimVehicleRequest>
export type OwnerProfile = SchemaOutput<typeof ownerProfile>
export type OwnerProfilePatch = SchemaInput<typeof updateOwnerProfileRequest>
export type Birthday = SchemaInput<typeof ownerBirthday>
export type BirthdayView = SchemaOutput<typeof birthdayView>
export type CalendarKind = Birthday['calendar']
export type Gender = NonNullable<OwnerProfile['gender']>

// ---- staff: customers ----
export type CustomerSummary = SchemaOutput<typeof customerListItem>
export type CustomerList = SchemaOutput<typeof customerListResponse>
/** The list's own query fields (the segment filter travels beside them). */
export type CustomerQuery = Partial<Pick<SchemaOutput<typeof customerListQuery>, 'q' | 'advisorId' | 'tag' | 'dealershipId' | 'page' | 'pageSize'>>
export type CustomerDetail = SchemaOutput<typeof customerArchive>
export type CustomerRecord = CustomerDetail['customer']
export type Contact = SchemaOutput<typeof contactView>
export type ContactChannel = Contact['channel']
export type ContactInput = SchemaInput<typeof createContactRequest>
export type ReassignResult = SchemaOutput<typeof reassignResponse>
export type NewCustomer = SchemaInput<typeof createCustomerRequest>
export type CustomerPatch = SchemaInput<typeof updateCustomerRequest>

// ---- staff accounts ----
export type StaffAccount = StaffProfile
export type StaffList = SchemaOutput<typeof staffListResponse>
export type NewStaffAccount = SchemaInput<typeof createStaffRequest>
export type StaffAccountPatch = SchemaInput<typeof updateStaffRequest>
export type RevokeSessionsResult = SchemaOutput<typeof revokeSessionsResponse>

// ---- access log ----
export type AccessLogEntry = SchemaOutput<typeof accessLogEntry>
export type AccessLogPage = SchemaOutput<typeof accessLogPage>
export type AccessAction = AccessLogEntry['action']
export type AccessLogQuery = Partial<Pick<SchemaOutput<typeof accessLogQuery>, 'customerId' | 'staffId' | 'action' | 'dealershipId' | 'page' | 'pageSize'>>

// ---- imports ----
export type ImportKind = SchemaOutput<typeof importKind>
export type ImportStatus = SchemaOutput<typeof importStatus>
export type ImportRowError = SchemaOutput<typeof importRowError>
export type ImportJob = SchemaOutput<typeof importJob>
export type ImportList = SchemaOutput<typeof importList>
export type ImportAccepted = SchemaOutput<typeof importAccepted>
export type ImportColumns = SchemaOutput<typeof importColumns>
export type ImportUnreadable = SchemaOutput<typeof importUnreadable>

// ---- lists of the care and segment APIs ----
export type CareRuleList = SchemaOutput<typeof careRuleList>
export type SegmentList = SchemaOutput<typeof segmentListResponse>
export type SegmentCustomerPage = SchemaOutput<typeof segmentCustomersResponse>

// ---- reminder results (funnel and uplift) ----
export type { ReminderFunnelResponse, FunnelStages, ControlStages, UpliftView, AdvisorFunnelRow } from '@dealer/shared/api/reminder-results'
// ---- bookings and the owner's due events ----
export type BookingServiceType = SchemaOutput<typeof bookingServiceType>
export type BookingView = SchemaOutput<typeof bookingView>
export type OwnerBookingList = SchemaOutput<typeof ownerBookingList>
export type OwnerBookRequest = SchemaInput<typeof ownerBookRequest>
export type Availability = SchemaOutput<typeof availabilityResponse>
export type AvailableDay = Availability['days'][number]
export type AvailableBlock = AvailableDay['blocks'][number]
export type BookingAdvisorList = SchemaOutput<typeof bookingAdvisorList>
export type OwnerDue = SchemaOutput<typeof ownerDueResponse>
export type OwnerVehicleDue = SchemaOutput<typeof ownerVehicleDue>
export type DueEvent = SchemaOutput<typeof dueEventView>
// ---- bookings (staff side) ----
export type BookingStatus = BookingView['status']
export type StaffBookingList = SchemaOutput<typeof staffBookingList>
export type StaffBookingQuery = Partial<Pick<SchemaOutput<typeof staffBookingListQuery>, 'day' | 'status' | 'dealershipId' | 'page' | 'pageSize'>>
export type StaffBookRequest = SchemaInput<typeof staffBookRequest>
export type RescheduleRequest = SchemaInput<typeof rescheduleBookingRequest>
export type BookingAvailability = Availability
export type BookingSettings = SchemaOutput<typeof bookingSettings>
export type BookingBlock = BookingSettings['blocks'][number]
export type BookingTarget = SchemaOutput<typeof bookingTarget>
// Service reminders: the advisor's workbench (shared/src/api/reminders.ts).
import type {
  callView as reminderCallViewSchema,
  logCallRequest as logCallRequestSchema,
  remindResponse as remindResponseSchema,
  workbenchItem as workbenchItemSchema,
  workbenchQuery as workbenchQuerySchema,
  workbenchResponse as workbenchResponseSchema
} from '@dealer/shared'
export type WorkbenchItem = SchemaOutput<typeof workbenchItemSchema>
export type WorkbenchResponse = SchemaOutput<typeof workbenchResponseSchema>
export type WorkbenchQuery = Partial<SchemaOutput<typeof workbenchQuerySchema>>
export type RemindResult = SchemaOutput<typeof remindResponseSchema>
export type ReminderCallView = SchemaOutput<typeof reminderCallViewSchema>
export type LogCall = z.input<typeof logCallRequestSchema>
// ---- aftercare (callbacks, surveys, complaints) ----
export type CallbackView = SchemaOutput<typeof callbackView>
export type CallbackList = SchemaOutput<typeof callbackListResponse>
export type CallbackAttemptRequest = SchemaInput<typeof callbackAttemptRequest>
export type SurveyView = SchemaOutput<typeof surveyView>
export type OwnerSurveyList = SchemaOutput<typeof ownerSurveyListResponse>
export type SurveyAnswerRequest = SchemaInput<typeof surveyAnswerRequest>
export type OwnerComplaintView = SchemaOutput<typeof ownerComplaintView>
export type OwnerComplaintList = SchemaOutput<typeof ownerComplaintListResponse>
export type OwnerComplaintRequest = SchemaInput<typeof ownerComplaintRequest>
export type ComplaintPhoto = SchemaOutput<typeof complaintPhotoView>
export type ComplaintEvent = SchemaOutput<typeof complaintEventView>
export type ComplaintView = SchemaOutput<typeof complaintView>
export type ComplaintList = SchemaOutput<typeof complaintListResponse>
export type ComplaintActionRequest = SchemaInput<typeof complaintActionRequest>
export type ComplaintStatus = ComplaintView['status']
export type CustomerAftercare = SchemaOutput<typeof customerAftercareResponse>
// Points and rewards (shared/src/api/points.ts).
import type {
  adjustmentListResponse as adjustmentListResponseSchema,
  adjustmentView as adjustmentViewSchema,
  createAdjustmentRequest as createAdjustmentRequestSchema,
  createRewardItemRequest as createRewardItemRequestSchema,
  customerPointsResponse as customerPointsResponseSchema,
  deskVoucherView as deskVoucherViewSchema,
  liabilityView as liabilityViewSchema,
  myPointsResponse as myPointsResponseSchema,
  myVouchersResponse as myVouchersResponseSchema,
  pointsAccountView as pointsAccountViewSchema,
  pointsEntryView as pointsEntryViewSchema,
  pointsHistoryResponse as pointsHistoryResponseSchema,
  pointsRules as pointsRulesSchema,
  pointsRulesView as pointsRulesViewSchema,
  reconciliationView as reconciliationViewSchema,
  referralView as referralViewSchema,
  rewardItemListResponse as rewardItemListResponseSchema,
  rewardItemView as rewardItemViewSchema,
  updateRewardItemRequest as updateRewardItemRequestSchema,
  voucherView as voucherViewSchema
} from '@dealer/shared'
export type PointsAccount = SchemaOutput<typeof pointsAccountViewSchema>
export type MyPoints = SchemaOutput<typeof myPointsResponseSchema>
export type PointsEntry = SchemaOutput<typeof pointsEntryViewSchema>
export type PointsHistory = SchemaOutput<typeof pointsHistoryResponseSchema>
export type RewardItem = SchemaOutput<typeof rewardItemViewSchema>
export type RewardItemList = SchemaOutput<typeof rewardItemListResponseSchema>
export type Voucher = SchemaOutput<typeof voucherViewSchema>
export type MyVouchers = SchemaOutput<typeof myVouchersResponseSchema>
export type DeskVoucher = SchemaOutput<typeof deskVoucherViewSchema>
export type PointsRules = SchemaOutput<typeof pointsRulesSchema>
export type PointsRulesView = SchemaOutput<typeof pointsRulesViewSchema>
export type CreateRewardItem = SchemaInput<typeof createRewardItemRequestSchema>
export type UpdateRewardItem = SchemaInput<typeof updateRewardItemRequestSchema>
export type PointsAdjustment = SchemaOutput<typeof adjustmentViewSchema>
export type PointsAdjustmentList = SchemaOutput<typeof adjustmentListResponseSchema>
export type CreatePointsAdjustment = SchemaInput<typeof createAdjustmentRequestSchema>
export type PointsLiability = SchemaOutput<typeof liabilityViewSchema>
export type PointsReconciliation = SchemaOutput<typeof reconciliationViewSchema>
export type PointsReferral = SchemaOutput<typeof referralViewSchema>
export type CustomerPoints = SchemaOutput<typeof customerPointsResponseSchema>
// Lottery campaigns (shared/src/api/lottery.ts).
import type {
  createLotteryCampaignRequest as createLotteryCampaignRequestSchema,
  lotteryCampaignList as lotteryCampaignListSchema,
  lotteryCampaignTerms as lotteryCampaignTermsSchema,
  lotteryCampaignView as lotteryCampaignViewSchema,
  lotteryConversionView as lotteryConversionViewSchema,
  lotteryDrawList as lotteryDrawListSchema,
  lotteryDrawView as lotteryDrawViewSchema,
  lotteryJoinResponse as lotteryJoinResponseSchema,
  lotteryPickupView as lotteryPickupViewSchema,
  lotteryResultsView as lotteryResultsViewSchema,
  lotteryRulesView as lotteryRulesViewSchema,
  lotteryVerificationView as lotteryVerificationViewSchema,
  lotteryVoucherItemList as lotteryVoucherItemListSchema,
  ownerLotteryCampaignList as ownerLotteryCampaignListSchema,
  ownerLotteryCampaignView as ownerLotteryCampaignViewSchema
} from '@dealer/shared'
export type LotteryCampaignTerms = SchemaOutput<typeof lotteryCampaignTermsSchema>
export type LotteryPrize = LotteryCampaignTerms['prizes'][number]
export type LotteryCampaign = SchemaOutput<typeof lotteryCampaignViewSchema>
export type LotteryCampaignStatus = LotteryCampaign['status']
export type LotteryCampaignList = SchemaOutput<typeof lotteryCampaignListSchema>
export type CreateLotteryCampaign = SchemaInput<typeof createLotteryCampaignRequestSchema>
export type LotteryRules = SchemaOutput<typeof lotteryRulesViewSchema>
export type LotteryVerification = SchemaOutput<typeof lotteryVerificationViewSchema>
export type LotteryDraw = SchemaOutput<typeof lotteryDrawViewSchema>
export type LotteryDrawList = SchemaOutput<typeof lotteryDrawListSchema>
export type OwnerLotteryCampaign = SchemaOutput<typeof ownerLotteryCampaignViewSchema>
export type OwnerLotteryCampaignList = SchemaOutput<typeof ownerLotteryCampaignListSchema>
export type LotteryJoinResponse = SchemaOutput<typeof lotteryJoinResponseSchema>
export type LotteryPickup = SchemaOutput<typeof lotteryPickupViewSchema>
export type LotteryResults = SchemaOutput<typeof lotteryResultsViewSchema>
export type LotteryConversion = SchemaOutput<typeof lotteryConversionViewSchema>
// WeChat Pay orders (shared/src/api/pay.ts).
import type {
  merchantSettingsBody as merchantSettingsBodySchema,
  merchantSettingsView as merchantSettingsViewSchema,
  myPayOrdersResponse as myPayOrdersResponseSchema,
  payAnomalyView as payAnomalyViewSchema,
  payOrderCreatedResponse as payOrderCreatedResponseSchema,
  payOrderPaymentResponse as payOrderPaymentResponseSchema,
  payOrderView as payOrderViewSchema,
  payOrdersResponse as payOrdersResponseSchema,
  payReconciliationResponse as payReconciliationResponseSchema,
  requestPaymentParams as requestPaymentParamsSchema,
  staffPayOrderView as staffPayOrderViewSchema
} from '@dealer/shared'
export type PayOrder = SchemaOutput<typeof payOrderViewSchema>
export type PayOrderCreated = SchemaOutput<typeof payOrderCreatedResponseSchema>
export type MyPayOrders = SchemaOutput<typeof myPayOrdersResponseSchema>
export type PayOrderPayment = SchemaOutput<typeof payOrderPaymentResponseSchema>
export type RequestPaymentParams = SchemaOutput<typeof requestPaymentParamsSchema>
export type StaffPayOrder = SchemaOutput<typeof staffPayOrderViewSchema>
export type StaffPayOrderList = SchemaOutput<typeof payOrdersResponseSchema>
export type PayAnomaly = SchemaOutput<typeof payAnomalyViewSchema>
export type PayReconciliation = SchemaOutput<typeof payReconciliationResponseSchema>
export type MerchantSettings = SchemaOutput<typeof merchantSettingsViewSchema>
export type MerchantSettingsInput = SchemaInput<typeof merchantSettingsBodySchema>
export type LotteryVoucherItemList = SchemaOutput<typeof lotteryVoucherItemListSchema>
export type LotteryVoucherItem = LotteryVoucherItemList['items'][number]
