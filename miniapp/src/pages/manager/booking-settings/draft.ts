import { BOOKING_SERVICE_TYPES, type BookingServiceType } from '@dealer/shared/labels/bookings'
import type { BookingSettings } from '../../../services/api-types'

/** The settings form as typed text, and back to settings (with the fields that changed). */

export const NUMBER_FIELDS = ['leadTimeHours', 'cutoffHours', 'maxDaysAhead', 'maxOpenPerVehicle', 'maxOpenPerOwner'] as const
export type NumberField = (typeof NUMBER_FIELDS)[number]

export const NUMBER_LABELS: Record<NumberField, string> = {
  leadTimeHours: '至少提前预约（小时）',
  cutoffHours: '车主改约/取消截止（开始前小时）',
  maxDaysAhead: '最多提前预约（天）',
  maxOpenPerVehicle: '每辆车未完成预约上限',
  maxOpenPerOwner: '每位客户未完成预约上限'
}

export interface SettingsDraft {
  blocks: Array<{ start: string; end: string }>
  capacity: Record<BookingServiceType, string>
  closedDays: string[]
  closedOnPublicHolidays: boolean
  numbers: Record<NumberField, string>
}

export function draftOf(s: BookingSettings): SettingsDraft {
  return {
    blocks: s.blocks.map((b) => ({ ...b })),
    capacity: Object.fromEntries(BOOKING_SERVICE_TYPES.map((t) => [t, String(s.capacity[t])])) as Record<BookingServiceType, string>,
    closedDays: [...s.closedDays],
    closedOnPublicHolidays: s.closedOnPublicHolidays,
    numbers: Object.fromEntries(NUMBER_FIELDS.map((f) => [f, String(s[f])])) as Record<NumberField, string>
  }
}

const wholeNumber = (text: string): number | null => (/^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : null)

/**
 * The fields that differ from `saved` (a PATCH writes only those, so two managers changing
 * different fields both keep theirs), or the first thing to fix. Ranges and overlaps are
 * checked by the server, whose message is shown as it is.
 */
export function changesOf(draft: SettingsDraft, saved: BookingSettings): { patch: Partial<BookingSettings> } | { problem: string } {
  const capacity = {} as BookingSettings['capacity']
  for (const t of BOOKING_SERVICE_TYPES) {
    const n = wholeNumber(draft.capacity[t])
    if (n === null) return { problem: '工位数请填写整数' }
    capacity[t] = n
  }
  const numbers = {} as Record<NumberField, number>
  for (const f of NUMBER_FIELDS) {
    const n = wholeNumber(draft.numbers[f])
    if (n === null) return { problem: `${NUMBER_LABELS[f]}请填写整数` }
    numbers[f] = n
  }
  const next: BookingSettings = {
    blocks: draft.blocks.map((b) => ({ start: b.start.trim(), end: b.end.trim() })),
    capacity,
    closedDays: [...draft.closedDays].sort(),
    closedOnPublicHolidays: draft.closedOnPublicHolidays,
    ...numbers
  }
  const patch: Partial<BookingSettings> = {}
  for (const key of Object.keys(next) as Array<keyof BookingSettings>) {
    if (JSON.stringify(next[key]) !== JSON.stringify(saved[key])) Object.assign(patch, { [key]: next[key] })
  }
  return { patch }
}
