import { api } from './request'
import type { ClaimDecision, ClaimReview, ItemList } from './api-types'

/**
 * Claims on someone else's vehicle that wait for a decision: staff (the archive's advisor,
 * managers) in the task list; a car owner for the vehicles of their own archive.
 */
export type ClaimReviewer = 'staff' | 'owner'

const BASE: Record<ClaimReviewer, string> = { staff: '/api/vehicle-claims', owner: '/api/owner/vehicle-claims' }

export function listClaimReviews(who: ClaimReviewer): Promise<ItemList<ClaimReview>> {
  return api.get<ItemList<ClaimReview>>(who === 'staff' ? BASE.staff : `${BASE.owner}/reviews`)
}

/** Approve or decline, once: 409 CLAIM_ALREADY_DECIDED / VEHICLE_HANDED_OVER when someone was first. */
export function decideClaim(who: ClaimReviewer, id: string, decision: ClaimDecision): Promise<ClaimReview> {
  return api.post<ClaimReview>(`${BASE[who]}/${encodeURIComponent(id)}/decision`, { decision })
}
