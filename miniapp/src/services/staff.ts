import { api } from './request'
import type { NewStaffAccount, RevokeSessionsResult, StaffAccount, StaffAccountPatch, StaffList } from './api-types'

export function listStaff(): Promise<StaffList> {
  return api.get<StaffList>('/api/staff')
}

export function createStaff(input: NewStaffAccount): Promise<StaffAccount> {
  return api.post<StaffAccount>('/api/staff', input)
}

export function updateStaff(id: string, patch: StaffAccountPatch): Promise<StaffAccount> {
  return api.patch<StaffAccount>(`/api/staff/${encodeURIComponent(id)}`, patch)
}

export function revokeStaffSessions(id: string): Promise<RevokeSessionsResult> {
  return api.post<RevokeSessionsResult>(`/api/staff/${encodeURIComponent(id)}/revoke-sessions`)
}
