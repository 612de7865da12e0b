import type { RewardItem, Voucher } from '../services/api-types'
import { formatDate, formatMoney } from './format'

export const REWARD_KIND_LABELS: Record<RewardItem['kind'], string> = {
  coupon: '服务券',
  package: '保养套餐',
  goods: '到店领取'
}

export const VOUCHER_STATUS_LABELS: Record<Voucher['status'], string> = {
  active: '可使用',
  used_up: '已用完',
  expired: '已过期',
  reversed: '已撤销'
}

/** `ABCDE12345` → `ABCDE 12345`: easier to read out at the desk. */
export function groupedVoucherCode(code: string): string {
  return code.length === 10 ? `${code.slice(0, 5)} ${code.slice(5)}` : code
}

/** What the owner or the desk types: spaces and dashes dropped, upper case, Crockford look-alikes mapped. */
export function normalizeVoucherCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

export const isVoucherCode = (code: string) => /^[0-9A-HJKMNP-TV-Z]{10}$/.test(code)

export function formatPoints(points: number): string {
  return `${points > 0 ? '+' : ''}${points}`
}

/** Price line of a reward: points, and the cash part when there is one. */
export function rewardPrice(item: Pick<RewardItem, 'price'>): string {
  const cash = item.price.cashFen > 0 ? ` + ${formatMoney(item.price.cashFen)}` : ''
  return `${item.price.points} 积分${cash}`
}

/** `validUntil` is the first moment a voucher is no longer valid: its last valid day is the day before. */
export function lastValidDay(validUntil: string): string {
  return formatDate(new Date(Date.parse(validUntil) - 1).toISOString())
}
