import { qrModules } from '../../miniapp/src/utils/qr'
import { decodeQrModules } from '../support/qr-decode'

/** The voucher QR code: the matrix the page draws scans back to the voucher code. */
describe('qrModules', () => {
  it('draws a code that a scanner reads back as the voucher code', () => {
    for (const code of ['ABCDE12345', '0123456789', 'ZZZZZZZZZZ', 'K7M2Q9XRTV']) {
      const modules = qrModules(code)
      expect(modules.length).toBe(21) // version 1: the smallest symbol, easiest to scan
      expect(modules.every((row) => row.length === 21)).toBe(true)
      expect(decodeQrModules(modules)).toBe(code)
    }
  })

  it('has the three finder patterns, and different codes give different symbols', () => {
    const m = qrModules('ABCDE12345')
    for (const [r, c] of [
      [0, 0],
      [0, 14],
      [14, 0]
    ]) {
      expect(m[r][c]).toBe(true)
      expect(m[r + 1][c + 1]).toBe(false)
      expect(m[r + 3][c + 3]).toBe(true)
    }
    expect(JSON.stringify(qrModules('ABCDE12346'))).not.toBe(JSON.stringify(m))
  })

  it('encodes any text (lower case, Chinese) in byte mode and still scans', () => {
    expect(decodeQrModules(qrModules('abc-123'))).toBe('abc-123')
    expect(decodeQrModules(qrModules('免费洗车'))).toBe('免费洗车')
  })
})
