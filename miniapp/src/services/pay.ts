import { api } from './request'
import type {
  MerchantSettings,
  MerchantSettingsInput,
  MyPayOrders,
  PayOrder,
  PayOrderCreated,
  PayOrderPayment,
  PayReconciliation,
  StaffPayOrderList
} from './api-types'

const id = (value: string) => encodeURIComponent(value)

// ---- owner ----

/** Orders the item (stock and points held) and answers the `requestPayment` parameters. */
export const createPayOrder = (itemId: string) => api.post<PayOrderCreated>('/api/pay/orders', { itemId })

export const getMyPayOrders = () => api.get<MyPayOrders>('/api/pay/orders')

export const getMyPayOrder = (orderId: string) => api.get<PayOrder>(`/api/pay/orders/${id(orderId)}`)

/** `requestPayment` parameters again for a pending order. */
export const payAgain = (orderId: string) => api.post<PayOrderPayment>(`/api/pay/orders/${id(orderId)}/payment`)

/** Demo mode (H5, no WeChat cashier): the sandbox completes the payment as the payer would. */
export const demoPay = (orderId: string) => api.post<PayOrder>(`/api/pay/orders/${id(orderId)}/demo-pay`)

export const askForRefund = (orderId: string, reason: string) => api.post<PayOrder>(`/api/pay/orders/${id(orderId)}/refund-request`, { reason })

// ---- manager (dealershipId: the scope a group admin chose; a manager's own by default) ----

export const listPayOrders = (dealershipId: string | undefined, state: string | undefined, page = 1, pageSize = 50) =>
  api.get<StaffPayOrderList>('/api/pay/admin/orders', { dealershipId, state, page, pageSize })

export const refundPayOrder = (orderId: string, reason: string) => api.post<PayOrder>(`/api/pay/admin/orders/${id(orderId)}/refund`, { reason })

export const getPayReconciliation = (dealershipId: string | undefined) => api.get<PayReconciliation>('/api/pay/admin/reconciliation', { dealershipId })

/** Runs reconciliation now: queries WeChat for orders that saw no notification, settles refunds. */
export const runPayReconciliation = (dealershipId: string | undefined) =>
  api.request<PayReconciliation>('POST', '/api/pay/admin/reconciliation/run', { query: { dealershipId } })

export const getMerchantSettings = () => api.get<MerchantSettings>('/api/pay/settings')

export const saveMerchantSettings = (settings: MerchantSettingsInput) => api.request<MerchantSettings>('PUT', '/api/pay/settings', { body: settings })
