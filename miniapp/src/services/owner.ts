import { api } from './request'
import type { BindResult, BindingList, ClaimRequest, OwnerProfile, OwnerProfilePatch, OwnerVehicleList, OwnerVehicleDetail, SceneInfo } from './api-types'
import type { ClaimVehicleResult, ItemList, NoticeList, NoticeView, OwnerClaimRequest, SubscriptionReport, SubscriptionStatus } from './api-types'

/** Public: what a QR scene points at. */
export function resolveScene(scene: string): Promise<SceneInfo> {
  return api.get<SceneInfo>(`/api/scene/${encodeURIComponent(scene)}`)
}

/** `referral`: the token of the share the owner opened, if any (a friend's referral). */
export function bindDealership(scene: string, phoneCode: string, referral?: string | null): Promise<BindResult> {
  return api.post<BindResult>('/api/owner/bindings', { scene, phoneCode, ...(referral ? { referral } : {}) })
}

export function listBindings(): Promise<BindingList> {
  return api.get<BindingList>('/api/owner/bindings')
}

export function unbindDealership(dealershipId: string): Promise<void> {
  return api.del(`/api/owner/bindings/${encodeURIComponent(dealershipId)}`)
}

export function listOwnerVehicles(): Promise<OwnerVehicleList> {
  return api.get<OwnerVehicleList>('/api/owner/vehicles')
}

/** Errors: 422 VIN_MISMATCH {attemptsLeft}, 429 TOO_MANY_ATTEMPTS, 404 VEHICLE_NOT_FOUND, 409 VEHICLE_HANDED_OVER. */
export function claimVehicle(request: ClaimRequest): Promise<ClaimVehicleResult> {
  return api.post<ClaimVehicleResult>('/api/owner/vehicles/claim', request)
}

/** My claims that wait for confirmation, or were refused. */
export function listMyClaimRequests(): Promise<ItemList<OwnerClaimRequest>> {
  return api.get<ItemList<OwnerClaimRequest>>('/api/owner/vehicle-claims')
}

export function getOwnerVehicle(id: string): Promise<OwnerVehicleDetail> {
  return api.get<OwnerVehicleDetail>(`/api/owner/vehicles/${encodeURIComponent(id)}`)
}

type ProfileResponse = OwnerProfile | { profile: OwnerProfile }

function unwrapProfile(response: ProfileResponse): OwnerProfile {
  return 'profile' in response ? response.profile : response
}

export async function getOwnerProfile(): Promise<OwnerProfile> {
  return unwrapProfile(await api.get<ProfileResponse>('/api/owner/profile'))
}

export async function updateOwnerProfile(patch: OwnerProfilePatch): Promise<OwnerProfile> {
  return unwrapProfile(await api.patch<ProfileResponse>('/api/owner/profile', patch))
}

/** The inbox, newest first, with the unread count. */
export function listNotices(page = 1, pageSize = 20): Promise<NoticeList> {
  return api.get<NoticeList>('/api/owner/notices', { page, pageSize })
}

/** Marks a notice read and returns it (the detail page opens a notice through this call). */
export function markNoticeRead(id: string): Promise<NoticeView> {
  return api.post<NoticeView>(`/api/owner/notices/${encodeURIComponent(id)}/read`)
}

/** Templates the mini-program may ask the owner to subscribe to, with the messages left per consent. */
export function getSubscriptions(): Promise<SubscriptionStatus> {
  return api.get<SubscriptionStatus>('/api/owner/subscriptions')
}

/** Reports what requestSubscribeMessage answered (≤ 3 templates); requestId makes a retry count once. */
export function reportSubscriptions(results: SubscriptionReport['results'], requestId: string): Promise<SubscriptionStatus> {
  return api.post<SubscriptionStatus>('/api/owner/subscriptions', { results, requestId })
}
