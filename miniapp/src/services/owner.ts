import { api } from './request'
import type {
  BindResult,
  Binding,
  ClaimRequest,
  ItemList,
  Notice,
  OwnerProfile,
  OwnerProfilePatch,
  OwnerVehicle,
  OwnerVehicleDetail,
  SceneInfo
} from './types'

/** Public: what a QR scene points at. */
export function resolveScene(scene: string): Promise<SceneInfo> {
  return api.get<SceneInfo>(`/api/scene/${encodeURIComponent(scene)}`)
}

export function bindDealership(scene: string, phoneCode: string): Promise<BindResult> {
  return api.post<BindResult>('/api/owner/bindings', { scene, phoneCode })
}

export function listBindings(): Promise<ItemList<Binding>> {
  return api.get<ItemList<Binding>>('/api/owner/bindings')
}

export function unbindDealership(dealershipId: string): Promise<void> {
  return api.del(`/api/owner/bindings/${encodeURIComponent(dealershipId)}`)
}

export function listOwnerVehicles(): Promise<ItemList<OwnerVehicle>> {
  return api.get<ItemList<OwnerVehicle>>('/api/owner/vehicles')
}

/** Errors: 422 VIN_MISMATCH {attemptsLeft}, 429 TOO_MANY_ATTEMPTS, 404 VEHICLE_NOT_FOUND. */
export function claimVehicle(request: ClaimRequest): Promise<OwnerVehicle> {
  return api.post<OwnerVehicle>('/api/owner/vehicles/claim', request)
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

export function listNotices(): Promise<ItemList<Notice>> {
  return api.get<ItemList<Notice>>('/api/owner/notices')
}
