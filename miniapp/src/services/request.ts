import Taro from '@tarojs/taro'
import { ApiError, createApiClient, fetchTransport, type HttpResponse, type Transport } from './request-core'
import { clearSession, getSession, getToken } from './session'
import { loginUrl } from '../utils/routes'

export { ApiError, isApiError, NETWORK_ERROR } from './request-core'
export type { UploadFile } from './request-core'

/** H5 is served by the API server itself (same origin); the mini-program needs an absolute base. */
export const API_BASE = process.env.TARO_ENV === 'h5' ? '' : process.env.TARO_APP_API_BASE || ''

/** Mini-program transport over Taro.request / Taro.uploadFile (non-2xx responses resolve). */
const taroTransport: Transport = {
  async send(request): Promise<HttpResponse> {
    const response = await Taro.request({
      url: request.url,
      method: request.method,
      header: request.headers,
      data: request.body,
      dataType: request.responseType === 'json' ? 'json' : '其他',
      responseType: request.responseType === 'arraybuffer' ? 'arraybuffer' : 'text'
    })
    return { status: response.statusCode, data: response.data }
  },
  async upload(request): Promise<HttpResponse> {
    if (request.file.kind !== 'path') throw new Error('小程序上传需要临时文件路径')
    const response = await Taro.uploadFile({
      url: request.url,
      filePath: request.file.path,
      name: request.fileField,
      header: request.headers,
      formData: request.fields
    })
    return { status: response.statusCode, data: response.data }
  }
}

function browserFetch(): Transport {
  return fetchTransport((input, init) => fetch(input, init))
}

let redirecting = false

function currentRoute(): string {
  const pages = Taro.getCurrentPages()
  const page = pages[pages.length - 1]
  if (!page?.route) return ''
  const params = (page as { options?: Record<string, string> }).options ?? {}
  const query = Object.keys(params)
    .map((key) => `${key}=${encodeURIComponent(params[key])}`)
    .join('&')
  return `/${page.route.replace(/^\//, '')}${query ? `?${query}` : ''}`
}

/** 401 on an authenticated call: the token is already cleared; send the user to log in. */
function handleUnauthorized(): void {
  const previous = getSession()
  clearSession()
  if (redirecting) return
  redirecting = true
  const route = currentRoute()
  const mode = previous?.kind === 'staff' ? 'staff' : previous?.kind === 'owner' ? 'owner' : undefined
  void Taro.reLaunch({ url: loginUrl(mode, route.startsWith('/pages/login') ? undefined : route) }).finally(() => {
    redirecting = false
  })
}

export const api = createApiClient({
  baseUrl: API_BASE,
  transport: process.env.TARO_ENV === 'h5' ? browserFetch() : taroTransport,
  tokens: { get: getToken, clear: clearSession },
  onUnauthorized: handleUnauthorized
})

/** Human text for any error thrown by a service call or a platform API. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error && typeof error === 'object' && 'errMsg' in error) return String((error as { errMsg: unknown }).errMsg)
  if (error instanceof Error) return error.message
  return '出现未知错误'
}
