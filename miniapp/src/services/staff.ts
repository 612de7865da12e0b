import { api } from './request'
import type { ItemList, NewStaffAccount, StaffAccount, StaffAccountPatch } from './types'

export function listStaff(): Promise<ItemList<StaffAccount>> {
  return api.get<ItemList<StaffAccount>>('/api/staff')
}

export function createStaff(input: NewStaffAccount): Promise<StaffAccount> {
  return api.post<StaffAccount>('/api/staff', input)
}

export function updateStaff(id: string, patch: StaffAccountPatch): Promise<StaffAccount> {
  return api.patch<StaffAccount>(`/api/staff/${encodeURIComponent(id)}`, patch)
}

export function revokeStaffSessions(id: string): Promise<unknown> {
  return api.post<unknown>(`/api/staff/${encodeURIComponent(id)}/revoke-sessions`)
}
