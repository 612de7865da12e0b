import { shanghaiDatePlus } from './tier'

/** Small helpers of the staff booking pages (dates are Asia/Shanghai calendar days). */

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
