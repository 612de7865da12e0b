import { api } from './request'
import type {
  CreatePointsAdjustment,
  CreateRewardItem,
  CustomerPoints,
  DeskVoucher,
  MyPoints,
  MyVouchers,
  PointsAdjustment,
  PointsAdjustmentList,
  PointsHistory,
  PointsLiability,
  PointsReconciliation,
  PointsReferral,
  PointsRules,
  PointsRulesView,
  RewardItem,
  RewardItemList,
  UpdateRewardItem,
  Voucher
} from './api-types'

const code = (value: string) => encodeURIComponent(value)

// ---- owner ----

/** My balance at each bound dealership and what expires when. */
export const getMyPoints = () => api.get<MyPoints>('/api/points/me')

export const getMyPointsHistory = (dealershipId: string, page = 1, pageSize = 20) =>
  api.get<PointsHistory>('/api/points/me/history', { dealershipId, page, pageSize })

export const getShop = (dealershipId: string) => api.get<RewardItemList>('/api/points/shop', { dealershipId })

/** Spends the points and issues a voucher. Refusals: INSUFFICIENT_POINTS, OUT_OF_STOCK, REDEMPTION_LIMIT_REACHED, … */
export const redeemReward = (itemId: string) => api.post<Voucher>(`/api/points/shop/items/${code(itemId)}/redeem`)

/** My referral token at a dealership (what my shares carry) and how many friends it brought. */
export const getMyReferral = (dealershipId: string) => api.get<PointsReferral>('/api/points/me/referral', { dealershipId })

export const getMyVouchers = () => api.get<MyVouchers>('/api/points/me/vouchers')

// ---- desk ----

export const lookupVoucher = (voucherCode: string) => api.get<DeskVoucher>(`/api/points/vouchers/${code(voucherCode)}`)

/** Confirms use `useNumber` (the `nextUse` the desk was shown). */
export const confirmVoucherUse = (voucherCode: string, useNumber: number) =>
  api.post<DeskVoucher>(`/api/points/vouchers/${code(voucherCode)}/uses`, { useNumber })

// ---- manager (dealershipId: the scope a group admin chose; a manager's own by default) ----

export const getPointsRules = (dealershipId: string) => api.get<PointsRulesView>('/api/points/rules', { dealershipId })
export const savePointsRules = (dealershipId: string, rules: PointsRules) =>
  api.request<PointsRulesView>('PUT', '/api/points/rules', { body: rules, query: { dealershipId } })

export const listCatalog = (dealershipId: string) => api.get<RewardItemList>('/api/points/items', { dealershipId })
export const createRewardItem = (dealershipId: string, item: CreateRewardItem) => api.post<RewardItem>('/api/points/items', { ...item, dealershipId })
export const updateRewardItem = (id: string, patch: UpdateRewardItem) => api.patch<RewardItem>(`/api/points/items/${code(id)}`, patch)

export const listPendingAdjustments = (dealershipId: string) =>
  api.get<PointsAdjustmentList>('/api/points/adjustments', { dealershipId, status: 'pending', page: 1, pageSize: 50 })
/** Adjustments of every status, newest first (the manager's recent list). */
export const listAdjustments = (dealershipId: string) => api.get<PointsAdjustmentList>('/api/points/adjustments', { dealershipId, page: 1, pageSize: 20 })
/** A customer's account and recent entries (staff of their dealership). */
export const getCustomerPoints = (customerId: string) => api.get<CustomerPoints>(`/api/points/customers/${code(customerId)}`)
export const createAdjustment = (request: CreatePointsAdjustment) => api.post<PointsAdjustment>('/api/points/adjustments', request)
export const decideAdjustment = (id: string, decision: 'approve' | 'reject') =>
  api.post<PointsAdjustment>(`/api/points/adjustments/${code(id)}/decision`, { decision })

export const getLiability = (dealershipId: string) => api.get<PointsLiability>('/api/points/liability', { dealershipId })
export const getReconciliation = (dealershipId: string) => api.get<PointsReconciliation>('/api/points/reconciliation', { dealershipId })
