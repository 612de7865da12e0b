import { ApiError, api } from './request'
import type { CreateSegmentRequest, SegmentCustomerPage, SegmentFilter, SegmentList, SegmentPreview, SegmentView, UpdateSegmentRequest } from './api-types'

/** Saved segments: named customer filters, evaluated when used. */

export function listSegments(dealershipId?: string): Promise<SegmentList> {
  return api.get<SegmentList>('/api/segments', { dealershipId })
}

/** One segment, looked up in the dealership's list (segments are few; a group admin names the store). */
export async function getSegment(id: string, dealershipId?: string): Promise<SegmentView> {
  const { items } = await listSegments(dealershipId)
  const found = items.find((s) => s.id === id)
  if (!found) throw new ApiError(404, 'SEGMENT_NOT_FOUND', '分群不存在或已删除')
  return found
}

export function createSegment(input: CreateSegmentRequest): Promise<SegmentView> {
  return api.post<SegmentView>('/api/segments', input)
}

export function updateSegment(id: string, patch: UpdateSegmentRequest): Promise<SegmentView> {
  return api.patch<SegmentView>(`/api/segments/${encodeURIComponent(id)}`, patch)
}

export function deleteSegment(id: string): Promise<void> {
  return api.del(`/api/segments/${encodeURIComponent(id)}`)
}

/** The segment's customers now (the filter is evaluated on every call). */
export function segmentCustomers(id: string, page = 1, pageSize = 20): Promise<SegmentCustomerPage> {
  return api.get<SegmentCustomerPage>(`/api/segments/${encodeURIComponent(id)}/customers`, { page, pageSize })
}

/** How many customers a filter matches, with a few samples (before saving it). */
export function previewSegment(filter: SegmentFilter, dealershipId?: string): Promise<SegmentPreview> {
  return api.post<SegmentPreview>('/api/segments/preview', { filter, dealershipId })
}
