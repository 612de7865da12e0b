import { createAdjustmentRequest, createRewardItemRequest, updateRewardItemRequest, VOUCHER_CODE_PATTERN } from '@dealer/shared'
import { adjustmentRequestOf, EMPTY_ADJUSTMENT } from '../../miniapp/src/pages/manager/points-adjust/adjustment-draft'
import { groupedVoucherCode, isVoucherCode, lastValidDay, normalizeVoucherCode, rewardPrice } from '../../miniapp/src/utils/points'
import { EMPTY_REWARD_DRAFT, createRequestOf, parseDraft, updateRequestOf } from '../../miniapp/src/pages/manager/points/catalog-draft'

/** Points pages' helpers: voucher codes as typed at the desk, the catalog form to API requests. */

describe('voucher codes', () => {
  it('groups a code in two fives and reads back what the desk types', () => {
    expect(groupedVoucherCode('ABCDE12345')).toBe('ABCDE 12345')
    expect(normalizeVoucherCode(' abcde-12345 ')).toBe('ABCDE12345')
    // Crockford look-alikes: O is 0, I and L are 1.
    expect(normalizeVoucherCode('oOiL0 ABCDE')).toBe('00110ABCDE')
  })

  it('accepts exactly what the server accepts', () => {
    for (const code of ['ABCDE12345', '0123456789', 'ABCDE1234', 'ABCDE123456', 'ABCDU12345', 'abcde12345']) {
      expect(isVoucherCode(code)).toBe(VOUCHER_CODE_PATTERN.test(code))
    }
  })

  it('shows the last valid day, the day before validUntil (Shanghai)', () => {
    expect(lastValidDay('2026-12-31T16:00:00.000Z')).toBe('2026-12-31')
  })
})

describe('catalog form', () => {
  const filled = { ...EMPTY_REWARD_DRAFT, name: ' 免费洗车 ', points: '200' }

  it('turns a filled form into a create request the server schema accepts', () => {
    const parsed = parseDraft(filled)
    if ('error' in parsed) throw new Error(parsed.error)
    const request = createRequestOf(filled, parsed.numbers)
    expect(createRewardItemRequest.safeParse(request).success).toBe(true)
    expect(request).toMatchObject({ name: '免费洗车', kind: 'coupon', price: { points: 200, cashFen: 0 }, uses: 1 })
    expect(updateRewardItemRequest.safeParse(updateRequestOf(filled, parsed.numbers)).success).toBe(true)
    expect(rewardPrice(request)).toBe('200 积分')
  })

  it('a package keeps its uses; a coupon always has one', () => {
    const pkg = parseDraft({ ...filled, kind: 'package', uses: '4' })
    const coupon = parseDraft({ ...filled, uses: '4' })
    expect('numbers' in pkg && pkg.numbers.uses).toBe(4)
    expect('numbers' in coupon && coupon.numbers.uses).toBe(1)
  })

  it('names the first mistake in Chinese', () => {
    expect(parseDraft({ ...filled, name: '  ' })).toEqual({ error: '请填写名称' })
    expect(parseDraft({ ...filled, points: '' })).toEqual({ error: '所需积分须为整数' })
    expect(parseDraft({ ...filled, points: '1.5' })).toEqual({ error: '所需积分须为整数' })
    expect(parseDraft({ ...filled, perOwnerLimit: '0' })).toEqual({ error: '每人限兑须在 1–100 之间' })
  })
})

describe('the manual adjustment form', () => {
  const draft = { ...EMPTY_ADJUSTMENT, customerId: '6650a1b2c3d4e5f601234567', points: '120', reason: '  投诉补偿 ' }

  it('builds the request the server takes, trimmed', () => {
    const request = adjustmentRequestOf({ ...draft, direction: 'debit' }, '6650a1b2c3d4e5f607654321')
    expect(request).toEqual({
      dealershipId: '6650a1b2c3d4e5f607654321',
      customerId: '6650a1b2c3d4e5f601234567',
      direction: 'debit',
      points: 120,
      reason: '投诉补偿'
    })
    expect(createAdjustmentRequest.safeParse(request).success).toBe(true)
  })

  it('says what is missing or wrong, as the server would refuse it', () => {
    expect(adjustmentRequestOf({ ...draft, customerId: '' }, 'd')).toBe('请先搜索并选择客户')
    for (const points of ['', '0', '-5', '1.5', 'abc', '10000001']) {
      const problem = adjustmentRequestOf({ ...draft, points }, 'd')
      expect(typeof problem).toBe('string')
      expect(createAdjustmentRequest.safeParse({ customerId: draft.customerId, direction: 'credit', points: Number(points), reason: '原因' }).success).toBe(
        false
      )
    }
    expect(adjustmentRequestOf({ ...draft, reason: ' 补 ' }, 'd')).toBe('请填写调整原因（至少 2 个字）')
    expect(adjustmentRequestOf({ ...draft, reason: '长'.repeat(201) }, 'd')).toBe('原因最多 200 字')
  })
})
