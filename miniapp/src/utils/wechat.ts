import Taro from '@tarojs/taro'
import { ownerLogin } from '../services/auth'
import { demoLoginCode, demoPhoneCode } from '../services/demo'
import { ApiError } from '../services/request'
import type { SubscribeAnswer } from '../services/api-types'
import { MAX_TEMPLATES_PER_REQUEST, answersFrom, simulatedAnswers } from './subscribe'

/**
 * WeChat identity in one place.
 * - Mini-program: `Taro.login()` gives the login code; the phone code comes from
 *   `<Button openType="getPhoneNumber" onGetPhoneNumber>` (see `phoneCodeFromEvent`).
 * - H5 (demo mode only): both codes come from the server's demo endpoints; the page shows
 *   a form labelled 演示模式 in place of the WeChat phone button.
 */

/** True where the real WeChat phone button exists; elsewhere the demo form is shown. */
export const HAS_WECHAT_PHONE_BUTTON = process.env.TARO_ENV === 'weapp'

export class DemoUnavailableError extends Error {
  constructor() {
    super('演示模式未开启：请在微信中打开小程序完成登录')
    this.name = 'DemoUnavailableError'
  }
}

function demoOnly<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) throw new DemoUnavailableError()
    throw error
  })
}

/** A single-use code for `POST /api/auth/owner/login`. */
export async function getLoginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    const { code } = await Taro.login()
    if (!code) throw new Error('微信登录失败，请重试')
    return code
  }
  const { code } = await demoOnly(demoLoginCode())
  return code
}

/** Logs the owner in (wx.login or demo) and stores the session. */
export async function signInOwner(): Promise<string> {
  const code = await getLoginCode()
  const result = await ownerLogin(code)
  return result.owner.id
}

/** H5 demo: the phone number the owner typed, turned into a phone code by the sandbox. */
export async function getDemoPhoneCode(phoneNumber: string): Promise<string> {
  const { code } = await demoOnly(demoPhoneCode(phoneNumber))
  return code
}

export interface PhoneNumberEventDetail {
  code?: string
  errMsg?: string
}

/** The code from `onGetPhoneNumber`, or null when the owner declined. */
export function phoneCodeFromEvent(detail: PhoneNumberEventDetail | undefined): string | null {
  if (!detail || !detail.code) return null
  if (detail.errMsg && !/:ok$/.test(detail.errMsg)) return null
  return detail.code
}

export interface SubscribeOutcome {
  answers: Record<string, SubscribeAnswer>
  /** H5: no WeChat, the accept is simulated (shown as 演示模式). */
  demo: boolean
}

/**
 * Asks the owner to allow subscribe messages for `tmplIds` (≤ 3). MUST be called
 * synchronously from a tap handler (before any await), or WeChat refuses to show the dialog.
 * H5 (demo mode): resolves at once with a simulated accept for every template.
 */
export function requestSubscribe(tmplIds: string[]): Promise<SubscribeOutcome> {
  const ids = tmplIds.slice(0, MAX_TEMPLATES_PER_REQUEST)
  if (process.env.TARO_ENV !== 'weapp') return Promise.resolve({ answers: simulatedAnswers(ids), demo: true })
  return Taro.requestSubscribeMessage({ tmplIds: ids, entityIds: [] }).then((result) => ({
    answers: answersFrom(result as unknown as Record<string, unknown>, ids),
    demo: false
  }))
}
