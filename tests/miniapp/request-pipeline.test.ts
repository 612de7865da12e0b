import { ApiError, NETWORK_ERROR, buildQuery, createApiClient, fetchTransport, type TokenStore } from '../../miniapp/src/services/request-core'

interface Recorded {
  url: string
  method: string
  headers: Record<string, string>
  body?: unknown
}

/** A fake fetch answering every call with the given status, body and content type. */
function fakeFetch(status: number, body: string, contentType = 'application/json') {
  const calls: Recorded[] = []
  const impl = async (url: string, init: { method: string; headers: Record<string, string>; body?: unknown }) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body })
    return {
      status,
      headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? contentType : null) },
      text: async () => body,
      arrayBuffer: async () => new TextEncoder().encode(body).buffer as ArrayBuffer
    }
  }
  return { impl, calls }
}

function tokens(initial: string | null): TokenStore & { cleared: number } {
  let token = initial
  const store = {
    cleared: 0,
    get: () => token,
    clear: () => {
      token = null
      store.cleared += 1
    }
  }
  return store
}

function client(status: number, body: string, token: string | null = 'tok-1', contentType?: string) {
  const fetch = fakeFetch(status, body, contentType)
  const store = tokens(token)
  const onUnauthorized = jest.fn()
  const api = createApiClient({ baseUrl: 'https://api.example.com/', transport: fetchTransport(fetch.impl), tokens: store, onUnauthorized })
  return { api, calls: fetch.calls, store, onUnauthorized }
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

describe('request pipeline', () => {
  it('sends JSON with the bearer token and returns the parsed body', async () => {
    const { api, calls } = client(200, '{"items":[{"id":"c1"}],"total":1}')
    const result = await api.get<{ items: Array<{ id: string }>; total: number }>('/api/customers', { q: '张 三', page: 2, tag: undefined })
    expect(result).toEqual({ items: [{ id: 'c1' }], total: 1 })
    expect(calls[0].url).toBe('https://api.example.com/api/customers?q=%E5%BC%A0%20%E4%B8%89&page=2')
    expect(calls[0].headers.Authorization).toBe('Bearer tok-1')

    await api.post('/api/customers/c1/contacts', { channel: 'phone', outcome: '已预约' })
    expect(calls[1].method).toBe('POST')
    expect(calls[1].headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(String(calls[1].body))).toEqual({ channel: 'phone', outcome: '已预约' })
  })

  it('maps the API error body to a typed ApiError with status, code, message and details', async () => {
    const { api } = client(422, JSON.stringify({ error: { code: 'VIN_MISMATCH', message: '车架号不匹配', details: { attemptsLeft: 2 } } }))
    const error = await caught(api.post('/api/owner/vehicles/claim', { dealershipId: 'd1', plate: '粤A12345', vinLast6: '000000' }))
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(422)
    expect(error.code).toBe('VIN_MISMATCH')
    expect(error.message).toBe('车架号不匹配')
    expect(error.details).toEqual({ attemptsLeft: 2 })
  })

  it('falls back to a status message when the body is not the API error shape', async () => {
    const { api } = client(502, '<html>Bad Gateway</html>', 'tok-1', 'text/html')
    const error = await caught(api.get('/api/me'))
    expect(error.status).toBe(502)
    expect(error.code).toBe('HTTP_502')
    expect(error.message).toBe('服务暂时不可用，请稍后再试')
  })

  it('on 401 clears the token and reports it once the session is gone', async () => {
    const { api, store, onUnauthorized } = client(401, JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: '登录已过期' } }))
    const error = await caught(api.get('/api/owner/vehicles'))
    expect(error.code).toBe('UNAUTHENTICATED')
    expect(store.cleared).toBe(1)
    expect(store.get()).toBeNull()
    expect(onUnauthorized).toHaveBeenCalledWith(error)
  })

  it('does not treat bad credentials at login as an expired session', async () => {
    const { api, store, onUnauthorized } = client(401, JSON.stringify({ error: { code: 'BAD_CREDENTIALS', message: '用户名或密码错误' } }), null)
    const error = await caught(api.post('/api/auth/staff/login', { username: 'a', password: 'b' }, { skipAuthRedirect: true }))
    expect(error.code).toBe('BAD_CREDENTIALS')
    expect(store.cleared).toBe(0)
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('keeps the lockout details of a 423', async () => {
    const { api } = client(
      423,
      JSON.stringify({ error: { code: 'ACCOUNT_LOCKED', message: '账号已锁定', details: { lockedUntil: '2025-01-01T00:15:00Z' } } }),
      null
    )
    const error = await caught(api.post('/api/auth/staff/login', { username: 'a', password: 'b' }, { skipAuthRedirect: true }))
    expect(error.status).toBe(423)
    expect(error.details).toEqual({ lockedUntil: '2025-01-01T00:15:00Z' })
  })

  it('returns undefined for 204', async () => {
    const { api } = client(204, '')
    await expect(api.del('/api/owner/bindings/d1')).resolves.toBeUndefined()
  })

  it('turns a transport failure into a NETWORK_ERROR ApiError', async () => {
    const api = createApiClient({
      baseUrl: '',
      transport: fetchTransport(async () => {
        throw new TypeError('Failed to fetch')
      }),
      tokens: tokens(null)
    })
    const error = await caught(api.get('/api/me'))
    expect(error.status).toBe(0)
    expect(error.code).toBe(NETWORK_ERROR)
  })

  it('builds query strings without empty values', () => {
    expect(buildQuery({ a: '', b: undefined, c: null, d: 0, e: false })).toBe('?d=0&e=false')
    expect(buildQuery({})).toBe('')
  })
})
