import type { Birthday, BirthdayView, CalendarKind } from '../services/api-types'
import { normalizeDate } from './validation'

/** What the birthday form edits: the calendar, `YYYY-MM-DD` as typed (lunar month and day for lunar), leap month. */
export interface BirthdayDraft {
  calendar: CalendarKind
  date: string
  leap: boolean
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The form's starting values from a stored birthday (a lunar one shows its year when the solar date is known). */
export function birthdayDraft(birthday: BirthdayView | null | undefined): BirthdayDraft {
  if (!birthday) return { calendar: 'solar', date: '', leap: false }
  if (birthday.calendar === 'solar') return { calendar: 'solar', date: birthday.date ?? '', leap: false }
  const year = birthday.date?.slice(0, 4)
  const monthDay = birthday.lunarMonth && birthday.lunarDay ? `${pad(birthday.lunarMonth)}-${pad(birthday.lunarDay)}` : ''
  return { calendar: 'lunar', date: year && monthDay ? `${year}-${monthDay}` : '', leap: birthday.lunarLeapMonth }
}

/** The request body for a validated draft: a solar date, or a lunar month and day. */
export function birthdayFromDraft(draft: BirthdayDraft): Birthday {
  const date = normalizeDate(draft.date)
  if (draft.calendar === 'solar') return { calendar: 'solar', date }
  const [, month, day] = date.split('-').map(Number)
  return { calendar: 'lunar', lunarMonth: month, lunarDay: day, lunarLeapMonth: draft.leap }
}

const LUNAR_MONTHS = ['正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊']
const LUNAR_DAY_TENS = ['初', '十', '廿', '三']
const DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

/** 6 → 初六, 10 → 初十, 15 → 十五, 20 → 二十, 21 → 廿一, 30 → 三十; null outside 1-30. */
export function lunarDayName(day: number): string | null {
  if (!Number.isInteger(day) || day < 1 || day > 30) return null
  if (day === 20) return '二十'
  if (day === 30) return '三十'
  if (day === 10) return '初十'
  return `${LUNAR_DAY_TENS[Math.floor(day / 10)]}${DIGITS[(day % 10) - 1]}`
}

/** 5 → 五月, 1 → 正月, 12 → 腊月 (闰 before a leap month); null outside 1-12. */
export function lunarMonthName(month: number, leap = false): string | null {
  if (!Number.isInteger(month) || month < 1 || month > 12) return null
  return `${leap ? '闰' : ''}${LUNAR_MONTHS[month - 1]}月`
}

/** `公历 1988-06-18` / `农历 闰五月初六`-style text for a stored birthday; never shows a missing part. */
export function formatBirthday(birthday: BirthdayView | null | undefined): string {
  if (!birthday) return '—'
  if (birthday.calendar === 'solar') return birthday.date ? `公历 ${birthday.date}` : '—'
  const month = birthday.lunarMonth === null ? null : lunarMonthName(birthday.lunarMonth, birthday.lunarLeapMonth)
  const day = birthday.lunarDay === null ? null : lunarDayName(birthday.lunarDay)
  if (!month || !day) return '农历（月日未登记）'
  return birthday.date ? `农历 ${month}${day}（${birthday.date.slice(0, 4)} 年生）` : `农历 ${month}${day}`
}
