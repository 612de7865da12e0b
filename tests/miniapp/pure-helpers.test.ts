import { parseScene, readScene } from '../../miniapp/src/utils/scene'
import { claimErrorMessage, fieldErrorsFrom, validateBirthday, validateContact, validatePhone, validateStaffDraft } from '../../miniapp/src/utils/validation'
import { formatDate, formatDateTime, formatMoney, progressPercent } from '../../miniapp/src/utils/format'
import { arrayBufferToBase64 } from '../../miniapp/src/utils/base64'
import { pollUntil } from '../../miniapp/src/utils/poll'
import { safeRedirect } from '../../miniapp/src/utils/routes'
import { phoneCodeFromEvent } from '../../miniapp/src/utils/wechat'
import { ApiError } from '../../miniapp/src/services/request-core'

describe('QR scene', () => {
  it('reads the scene whether the router decoded it or not', () => {
    expect(readScene({ scene: 'd%3DDEMO01%26a%3DA001' })).toBe('d=DEMO01&a=A001')
    expect(readScene({ scene: 'd=DEMO01&a=A001' })).toBe('d=DEMO01&a=A001')
    expect(readScene({})).toBeNull()
  })

  it('parses dealer and advisor codes', () => {
    expect(parseScene('d=DEMO01&a=A001')).toEqual({ dealerCode: 'DEMO01', advisorCode: 'A001' })
    expect(parseScene('d=DEMO01')).toEqual({ dealerCode: 'DEMO01', advisorCode: null })
    expect(parseScene('a=A001')).toBeNull()
    expect(parseScene('garbage')).toBeNull()
  })
})

describe('validation', () => {
  it('checks phone numbers', () => {
    expect(validatePhone('')).toBe('请输入手机号')
    expect(validatePhone('12345')).toBe('请输入 11 位中国大陆手机号')
    expect(validatePhone('138 0000 1111')).toBeNull()
  })

  it('checks solar and lunar birthdays', () => {
    const today = new Date('2025-06-01T00:00:00Z')
    expect(validateBirthday('solar', '1988-02-30', today)).toBe('日期不存在')
    expect(validateBirthday('lunar', '1988-02-30', today)).toBeNull()
    expect(validateBirthday('lunar', '1988-02-31', today)).toBe('农历日期应在 初一 到 三十 之间')
    expect(validateBirthday('solar', '88-1-1', today)).toBe('请按 年-月-日 填写，例如 1988-06-18')
  })

  it('requires a channel and an outcome for a contact', () => {
    expect(validateContact({ channel: '', outcome: ' ', note: '' })).toEqual({ channel: '请选择联系方式', outcome: '请填写联系结果' })
    expect(validateContact({ channel: 'phone', outcome: '已预约', note: '' })).toEqual({})
  })

  it('checks a new staff account', () => {
    expect(Object.keys(validateStaffDraft({ username: 'ab', name: '', role: '', password: '123' })).sort()).toEqual(['name', 'password', 'role', 'username'])
  })

  it('maps claim refusals to owner-facing text', () => {
    expect(claimErrorMessage(new ApiError(404, 'VEHICLE_NOT_FOUND', 'x'))).toBe('该门店没有这个车牌的车辆档案，请核对车牌或联系门店')
    expect(claimErrorMessage(new ApiError(422, 'VIN_MISMATCH', 'x'))).toBe('车架号后六位与车牌不匹配')
    expect(claimErrorMessage(new ApiError(500, 'INTERNAL', '服务暂时不可用'))).toBe('服务暂时不可用')
  })

  it('lists zod issues from a 400 by field', () => {
    const error = new ApiError(400, 'VALIDATION', '输入有误', [{ path: ['username'], message: '用户名已存在' }])
    expect(fieldErrorsFrom(error)).toEqual({ username: '用户名已存在' })
  })
})

describe('formatting', () => {
  it('shows times in Asia/Shanghai', () => {
    expect(formatDate('2025-03-01T17:30:00Z')).toBe('2025-03-02')
    expect(formatDateTime('2025-03-01T17:30:00Z')).toBe('2025-03-02 01:30')
    expect(formatDate('2025-03-01')).toBe('2025-03-01')
    expect(formatDate(null)).toBe('—')
  })

  it('formats fen as yuan', () => {
    expect(formatMoney(123450)).toBe('¥1,234.50')
    expect(formatMoney(null)).toBe('—')
  })

  it('computes progress only when the total is known', () => {
    expect(progressPercent(40, 120)).toBe(33)
    expect(progressPercent(40, null)).toBeNull()
  })

  it('encodes PNG bytes as base64', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d])
    expect(arrayBufferToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
    expect(arrayBufferToBase64(new Uint8Array([1]))).toBe('AQ==')
  })
})

describe('misc', () => {
  it('polls until the import is finished', async () => {
    const states = ['queued', 'running', 'done']
    const seen: string[] = []
    const result = await pollUntil(
      async () => states.shift() ?? 'done',
      (s) => s === 'done',
      (s) => seen.push(s),
      { intervalMs: 0, isCancelled: () => false, sleep: async () => undefined }
    )
    expect(result).toBe('done')
    expect(seen).toEqual(['queued', 'running', 'done'])
  })

  it('only redirects to our own pages', () => {
    expect(safeRedirect('%2Fpages%2Fowner%2Fvehicles%2Findex')).toBe('/pages/owner/vehicles/index')
    expect(safeRedirect('https://evil.example.com')).toBeNull()
  })

  it('reads the phone code from getPhoneNumber, or null when declined', () => {
    expect(phoneCodeFromEvent({ code: 'abc', errMsg: 'getPhoneNumber:ok' })).toBe('abc')
    expect(phoneCodeFromEvent({ errMsg: 'getPhoneNumber:fail user deny' })).toBeNull()
  })
})
