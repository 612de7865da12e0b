import { api } from './request'
import { clearSession, saveSession } from './session'
import type { Me, OwnerLoginResponse, StaffLoginResponse } from './api-types'

/** Exchanges a wx.login code (or a demo code) for an owner session. */
export async function ownerLogin(code: string): Promise<OwnerLoginResponse> {
  const result = await api.post<OwnerLoginResponse>('/api/auth/owner/login', { code }, { skipAuthRedirect: true })
  saveSession(result.token, { kind: 'owner', ownerId: result.owner.id })
  return result
}

/** 401 BAD_CREDENTIALS, 423 ACCOUNT_LOCKED and 429 come back as ApiError with the server's message. */
export async function staffLogin(username: string, password: string): Promise<StaffLoginResponse> {
  const result = await api.post<StaffLoginResponse>('/api/auth/staff/login', { username, password }, { skipAuthRedirect: true })
  saveSession(result.token, { kind: 'staff', staff: result.staff })
  return result
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout', undefined, { skipAuthRedirect: true })
  } finally {
    clearSession()
  }
}

export function getMe(): Promise<Me> {
  return api.get<Me>('/api/me')
}
