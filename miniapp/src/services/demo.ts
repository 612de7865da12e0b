import { api } from './request'

/** Demo-mode stand-ins for wx.login and the phone-number button (404 in production). */
export function demoLoginCode(): Promise<{ code: string }> {
  return api.post<{ code: string }>('/api/demo/wechat/login-code', {}, { skipAuthRedirect: true })
}

export function demoPhoneCode(phoneNumber: string): Promise<{ code: string }> {
  return api.post<{ code: string }>('/api/demo/wechat/phone-code', { phoneNumber }, { skipAuthRedirect: true })
}
