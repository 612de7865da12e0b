import Taro from '@tarojs/taro'
import { roleCan, type Capability } from '@dealer/shared/auth/capabilities'
import type { StaffUser } from './api-types'

/** Who is signed in on this device. The token itself is kept separately. */
export type Session = { kind: 'owner'; ownerId: string } | { kind: 'staff'; staff: StaffUser }

const TOKEN_KEY = 'dealer.token'
const SESSION_KEY = 'dealer.session'

export function getToken(): string | null {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY)
  return typeof token === 'string' && token ? token : null
}

export function getSession(): Session | null {
  if (!getToken()) return null
  const raw: unknown = Taro.getStorageSync(SESSION_KEY)
  if (typeof raw !== 'string' || !raw) return null
  try {
    const session = JSON.parse(raw) as Session
    return session.kind === 'owner' || session.kind === 'staff' ? session : null
  } catch {
    return null
  }
}

export function saveSession(token: string, session: Session): void {
  Taro.setStorageSync(TOKEN_KEY, token)
  Taro.setStorageSync(SESSION_KEY, JSON.stringify(session))
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY)
  Taro.removeStorageSync(SESSION_KEY)
}

/** Whether the signed-in staff member's role holds a capability (the map the server enforces). */
export function can(session: Session | null, capability: Capability): boolean {
  return session?.kind === 'staff' && roleCan(session.staff.role, capability)
}

export function isGroupAdmin(session: Session | null): boolean {
  return session?.kind === 'staff' && session.staff.role === 'group_admin'
}
