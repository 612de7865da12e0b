/**
 * The request pipeline without Taro: base URL, bearer token, JSON, and the mapping of the
 * API's error body `{error:{code,message,details?}}` to a typed ApiError. Platform code
 * (request.ts) plugs in a transport; tests plug in a fake fetch.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
export type ResponseType = 'json' | 'arraybuffer' | 'text'

export interface HttpRequest {
  method: HttpMethod
  url: string
  headers: Record<string, string>
  /** Already serialised JSON. */
  body?: string
  responseType: ResponseType
}

export interface HttpResponse {
  status: number
  data: unknown
}

/** A file picked on H5 (a Blob) or in the mini-program (a temporary file path). */
export type UploadFile = { kind: 'blob'; blob: Blob; name: string } | { kind: 'path'; path: string; name: string }

export interface UploadRequest {
  url: string
  headers: Record<string, string>
  file: UploadFile
  fileField: string
  fields: Record<string, string>
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>
  upload(request: UploadRequest): Promise<HttpResponse>
}

export interface TokenStore {
  get(): string | null
  clear(): void
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '请求有误，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的内容不存在',
  409: '数据已变更，请刷新后重试',
  413: '文件太大',
  422: '提交的内容不符合要求',
  423: '账号已锁定',
  429: '操作太频繁，请稍后再试'
}

export function defaultMessageFor(status: number): string {
  if (STATUS_MESSAGES[status]) return STATUS_MESSAGES[status]
  if (status >= 500) return '服务暂时不可用，请稍后再试'
  return `请求失败（${status}）`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Turns a non-2xx response into an ApiError, using the API's error body when present. */
export function toApiError(status: number, data: unknown): ApiError {
  let body = data
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch {
      body = null
    }
  }
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message, details } = body.error
    return new ApiError(
      status,
      typeof code === 'string' && code ? code : `HTTP_${status}`,
      typeof message === 'string' && message ? message : defaultMessageFor(status),
      details
    )
  }
  return new ApiError(status, `HTTP_${status}`, defaultMessageFor(status))
}

export const NETWORK_ERROR = 'NETWORK_ERROR'

export function networkError(cause: unknown): ApiError {
  return new ApiError(0, NETWORK_ERROR, '网络连接失败，请检查网络后重试', cause instanceof Error ? cause.message : undefined)
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

/** `{q:'张', page:2, tag:undefined}` → `?q=%E5%BC%A0&page=2`; empty values are left out. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return ''
  const parts: string[] = []
  for (const key of Object.keys(query)) {
    const value = query[key]
    if (value === undefined || value === null || value === '') continue
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  responseType?: ResponseType
  /** For login calls: a 401 there means bad credentials, not an expired session. */
  skipAuthRedirect?: boolean
}

export interface ClientOptions {
  baseUrl: string
  transport: Transport
  tokens: TokenStore
  /** Called after a 401 on an authenticated request, once the token is cleared. */
  onUnauthorized?: (error: ApiError) => void
}

export interface ApiClient {
  baseUrl: string
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>
  get<T>(path: string, query?: Query): Promise<T>
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>
  patch<T>(path: string, body?: unknown): Promise<T>
  del<T = void>(path: string): Promise<T>
  upload<T>(path: string, file: UploadFile, fields: Record<string, string>): Promise<T>
  /** Absolute URL of a path (for downloads). */
  url(path: string, query?: Query): string
  authHeaders(): Record<string, string>
}

export function createApiClient(options: ClientOptions): ApiClient {
  const { transport, tokens, onUnauthorized } = options
  const baseUrl = options.baseUrl.replace(/\/+$/, '')

  const url = (path: string, query?: Query) => `${baseUrl}${path}${buildQuery(query)}`

  const authHeaders = (): Record<string, string> => {
    const token = tokens.get()
    return token ? { Authorization: `Bearer ${token}` } : {}
  }

  function settle<T>(response: HttpResponse, sentToken: boolean, skipAuthRedirect: boolean): T {
    if (response.status >= 200 && response.status < 300) {
      return (response.status === 204 ? undefined : response.data) as T
    }
    const error = toApiError(response.status, response.data)
    if (response.status === 401 && sentToken && !skipAuthRedirect) {
      tokens.clear()
      onUnauthorized?.(error)
    }
    throw error
  }

  async function request<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders() }
    let body: string | undefined
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(opts.body)
    } else if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
      // Koa body parsers expect a JSON body on these methods; send an empty object.
      headers['Content-Type'] = 'application/json'
      body = '{}'
    }
    let response: HttpResponse
    try {
      response = await transport.send({ method, url: url(path, opts.query), headers, body, responseType: opts.responseType ?? 'json' })
    } catch (cause) {
      throw networkError(cause)
    }
    return settle<T>(response, 'Authorization' in headers, opts.skipAuthRedirect === true)
  }

  async function upload<T>(path: string, file: UploadFile, fields: Record<string, string>): Promise<T> {
    const headers = { Accept: 'application/json', ...authHeaders() }
    let response: HttpResponse
    try {
      response = await transport.upload({ url: url(path), headers, file, fileField: 'file', fields })
    } catch (cause) {
      throw networkError(cause)
    }
    let data = response.data
    if (typeof data === 'string' && data) {
      try {
        data = JSON.parse(data)
      } catch {
        // leave as text
      }
    }
    return settle<T>({ status: response.status, data }, 'Authorization' in headers, false)
  }

  return {
    baseUrl,
    request,
    get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
    post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
    patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
    del: <T = void>(path: string) => request<T>('DELETE', path),
    upload,
    url,
    authHeaders
  }
}

type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body?: string | FormData }
) => Promise<{
  status: number
  headers: { get(name: string): string | null }
  arrayBuffer(): Promise<ArrayBuffer>
  text(): Promise<string>
}>

async function readFetchBody(response: Awaited<ReturnType<FetchLike>>, responseType: ResponseType): Promise<unknown> {
  if (response.status === 204) return undefined
  const ok = response.status >= 200 && response.status < 300
  if (responseType === 'arraybuffer' && ok) return response.arrayBuffer()
  const text = await response.text()
  if (responseType === 'text' && ok) return text
  const contentType = response.headers.get('content-type') ?? ''
  if (!text) return undefined
  if (contentType.includes('json') || /^[[{]/.test(text.trim())) {
    try {
      return JSON.parse(text)
    } catch {
      return text
    }
  }
  return text
}

/** Transport over the Fetch API: the H5 build, and tests with a fake fetch. */
export function fetchTransport(fetchImpl: FetchLike): Transport {
  return {
    async send(request) {
      const response = await fetchImpl(request.url, { method: request.method, headers: request.headers, body: request.body })
      return { status: response.status, data: await readFetchBody(response, request.responseType) }
    },
    async upload(request) {
      if (request.file.kind !== 'blob') throw new Error('H5 上传需要 Blob 文件')
      const form = new FormData()
      for (const key of Object.keys(request.fields)) form.append(key, request.fields[key])
      form.append(request.fileField, request.file.blob, request.file.name)
      const response = await fetchImpl(request.url, { method: 'POST', headers: request.headers, body: form })
      return { status: response.status, data: await readFetchBody(response, 'json') }
    }
  }
}
