import Taro from '@tarojs/taro'
import { ownerLogin } from '../services/auth'
import { demoLoginCode, demoPhoneCode } from '../services/demo'
import { ApiError } from '../services/request'

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
