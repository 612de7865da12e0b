import { BOOKING_SERVICE_TYPES, BOOKING_SERVICE_TYPE_LABELS } from '@dealer/shared/labels/bookings'
import type { AvailableBlock, AvailableDay, BookingServiceType, BookingView } from '../services/api-types'
import { shanghaiDatePlus } from './tier'

/** Booking page helpers, owner and staff (pure: no Taro; dates are Asia/Shanghai calendar days). */

export const SERVICE_TYPE_OPTIONS = BOOKING_SERVICE_TYPES.map((value) => ({ value, label: BOOKING_SERVICE_TYPE_LABELS[value] }))

/** The service type a link preselects (`?serviceType=`), or null when absent or unknown. */
export function serviceTypeParam(raw: string | undefined): BookingServiceType | null {
  return (BOOKING_SERVICE_TYPES as readonly string[]).includes(raw ?? '') ? (raw as BookingServiceType) : null
}

/** Whether a block can be chosen, and the words shown on it. */
export function blockState(block: AvailableBlock): { open: boolean; text: string } {
  if (!block.bookable) return { open: false, text: '不可预约' }
  if (block.seatsLeft <= 0) return { open: false, text: '已约满' }
  return { open: true, text: `剩余 ${block.seatsLeft} 个` }
}

/** The first open day's first open block: what the page selects when nothing is chosen yet. */
export function firstOpenDay(days: readonly AvailableDay[]): string | null {
  const day = days.find((d) => !d.closed && d.blocks.some((b) => blockState(b).open))
  return day ? day.day : null
}

/** After the blocks reload (a seat taken meanwhile): stay on the chosen day while it is still open. */
export function dayToShow(days: readonly AvailableDay[], current: string | null): string | null {
  return days.some((d) => d.day === current && !d.closed) ? current : firstOpenDay(days)
}

export const MAX_MILEAGE_KM = 2_000_000

/**
 * The odometer the owner typed: empty is fine (optional); otherwise whole kilometres, never
 * below the last reading we know (an odometer does not go backwards).
 */
export function parseMileage(raw: string, lastKnownKm: number | null): { km?: number; error: string | null } {
  const text = raw.trim().replace(/,/g, '')
  if (!text) return { error: null }
  if (!/^\d+$/.test(text)) return { error: '请输入整数公里数' }
  const km = Number(text)
  if (km > MAX_MILEAGE_KM) return { error: '里程数过大，请核对' }
  if (lastKnownKm !== null && km < lastKnownKm) return { error: `不能低于上次记录的 ${lastKnownKm.toLocaleString('en-US')} 公里` }
  return { km, error: null }
}

const when = (b: BookingView) => `${b.day} ${b.start}`

/** Open bookings first, soonest first; then the rest, latest first. */
export function sortBookings(items: readonly BookingView[]): BookingView[] {
  const open = items.filter((b) => b.status === 'booked').sort((a, b) => (when(a) < when(b) ? -1 : 1))
  const done = items.filter((b) => b.status !== 'booked').sort((a, b) => (when(a) < when(b) ? 1 : -1))
  return [...open, ...done]
}

/** The check-in code in two groups of four, easier to read out: `ABCD EFGH`. */
export function groupedCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code
}

export const CANCEL_REASONS = ['临时有事', '行程变更', '已在其他地方保养', '想换个时间'] as const

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

export const todayInShanghai = (): string => shanghaiDatePlus(new Date(), 0)

/** '2026-12-08' → '12-08 周二' */
export function dayLabel(day: string, today = todayInShanghai()): string {
  const [y, m, d] = day.split('-').map(Number)
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]
  const near = day === today ? '今天' : day === shanghaiDatePlus(new Date(`${today}T12:00:00+08:00`), 1) ? '明天' : weekday
  return `${day.slice(5)} ${near}`
}

/** The days around today the staff list offers: yesterday, today and the next six. */
export function pickableDays(today = todayInShanghai()): string[] {
  const noon = new Date(`${today}T12:00:00+08:00`)
  return Array.from({ length: 8 }, (_, i) => shanghaiDatePlus(noon, i - 1))
}

/** '08:30' + '10:00' → '08:30-10:00' */
export const blockText = (b: { start: string; end: string }): string => `${b.start}-${b.end}`
