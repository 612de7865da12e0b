import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { getSession, type Session } from '../services/session'

/** The signed-in user, re-read whenever the page is shown again. */
export function useSession(): Session | null {
  const [session, setSession] = useState<Session | null>(() => getSession())
  useDidShow(() => setSession(getSession()))
  return session
}
