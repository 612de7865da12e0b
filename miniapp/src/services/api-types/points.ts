import type {
  adjustmentListResponse,
  adjustmentView,
  createAdjustmentRequest,
  createRewardItemRequest,
  customerPointsResponse,
  deskVoucherView,
  liabilityView,
  merchantSettingsBody,
  merchantSettingsView,
  myPayOrdersResponse,
  myPointsResponse,
  myVouchersResponse,
  payAnomalyView,
  payOrderCreatedResponse,
  payOrderPaymentResponse,
  payOrderView,
  payOrdersResponse,
  payReconciliationResponse,
  pointsAccountView,
  pointsEntryView,
  pointsHistoryResponse,
  pointsRules,
  pointsRulesView,
  reconciliationView,
  referralView,
  requestPaymentParams,
  rewardItemListResponse,
  rewardItemView,
  staffPayOrderView,
  updateRewardItemRequest,
  voucherView
} from '@dealer/shared'
import type { SchemaInput, SchemaOutput } from './schema'

// ---- points and rewards ----
export type PointsAccount = SchemaOutput<typeof pointsAccountView>
export type MyPoints = SchemaOutput<typeof myPointsResponse>
export type PointsEntry = SchemaOutput<typeof pointsEntryView>
export type PointsHistory = SchemaOutput<typeof pointsHistoryResponse>
export type RewardItem = SchemaOutput<typeof rewardItemView>
export type RewardItemList = SchemaOutput<typeof rewardItemListResponse>
export type Voucher = SchemaOutput<typeof voucherView>
export type MyVouchers = SchemaOutput<typeof myVouchersResponse>
export type DeskVoucher = SchemaOutput<typeof deskVoucherView>
export type PointsRules = SchemaOutput<typeof pointsRules>
export type PointsRulesView = SchemaOutput<typeof pointsRulesView>
export type CreateRewardItem = SchemaInput<typeof createRewardItemRequest>
export type UpdateRewardItem = SchemaInput<typeof updateRewardItemRequest>
export type PointsAdjustment = SchemaOutput<typeof adjustmentView>
export type PointsAdjustmentList = SchemaOutput<typeof adjustmentListResponse>
export type CreatePointsAdjustment = SchemaInput<typeof createAdjustmentRequest>
export type PointsLiability = SchemaOutput<typeof liabilityView>
export type PointsReconciliation = SchemaOutput<typeof reconciliationView>
export type PointsReferral = SchemaOutput<typeof referralView>
export type CustomerPoints = SchemaOutput<typeof customerPointsResponse>

// ---- WeChat Pay orders of the rewards shop ----
export type PayOrder = SchemaOutput<typeof payOrderView>
export type PayOrderCreated = SchemaOutput<typeof payOrderCreatedResponse>
export type MyPayOrders = SchemaOutput<typeof myPayOrdersResponse>
export type PayOrderPayment = SchemaOutput<typeof payOrderPaymentResponse>
export type RequestPaymentParams = SchemaOutput<typeof requestPaymentParams>
export type StaffPayOrder = SchemaOutput<typeof staffPayOrderView>
export type StaffPayOrderList = SchemaOutput<typeof payOrdersResponse>
export type PayAnomaly = SchemaOutput<typeof payAnomalyView>
export type PayReconciliation = SchemaOutput<typeof payReconciliationResponse>
export type MerchantSettings = SchemaOutput<typeof merchantSettingsView>
export type MerchantSettingsInput = SchemaInput<typeof merchantSettingsBody>
