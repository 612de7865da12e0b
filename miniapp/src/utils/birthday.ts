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

/** `公历 1988-06-18` / `农历 闰五月初六`-style text for a stored birthday. */
export function formatBirthday(birthday: BirthdayView | null | undefined): string {
  if (!birthday) return '—'
  if (birthday.calendar === 'solar') return `公历 ${birthday.date ?? '—'}`
  if (!birthday.lunarMonth || !birthday.lunarDay) return '农历 —'
  return `农历 ${birthday.lunarLeapMonth ? '闰' : ''}${birthday.lunarMonth}月${birthday.lunarDay}日`
}
