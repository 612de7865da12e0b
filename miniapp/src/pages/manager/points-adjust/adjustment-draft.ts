import type { CreatePointsAdjustment } from '../../../services/api-types'

/** What the manager fills in for a manual adjustment. */
export interface AdjustmentDraft {
  customerId: string
  direction: 'credit' | 'debit'
  points: string
  reason: string
}

export const EMPTY_ADJUSTMENT: AdjustmentDraft = { customerId: '', direction: 'credit', points: '', reason: '' }

/** The request, or what is wrong (the same limits as the server: whole positive points, a reason of 2–200 characters). */
export function adjustmentRequestOf(draft: AdjustmentDraft, dealershipId: string): CreatePointsAdjustment | string {
  if (!draft.customerId) return '请先搜索并选择客户'
  const text = draft.points.trim()
  if (!/^\d+$/.test(text) || Number(text) <= 0) return '积分须为大于 0 的整数'
  if (Number(text) > 10_000_000) return '积分过大'
  const reason = draft.reason.trim()
  if (reason.length < 2) return '请填写调整原因（至少 2 个字）'
  if (reason.length > 200) return '原因最多 200 字'
  return { dealershipId, customerId: draft.customerId, direction: draft.direction, points: Number(text), reason }
}
