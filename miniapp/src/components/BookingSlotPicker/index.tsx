import { View, Text } from '@tarojs/components'
import Chips from '../Chips'
import { useAsync } from '../../hooks/useAsync'
import { bookingAvailability } from '../../services/staffBookings'
import { errorMessage } from '../../services/request'
import type { BookingServiceType } from '../../services/api-types'
import { blockText, dayLabel, todayInShanghai } from '../../utils/booking'

export interface Slot {
  day: string
  blockId: string
}

interface BookingSlotPickerProps {
  serviceType: BookingServiceType
  value: Slot
  onChange: (slot: Slot) => void
  dealershipId?: string
  /** Class prefix for browser tests, e.g. `e2e-book` → `e2e-book-day-2026-12-08`, `e2e-book-block-0830-1000`. */
  hook: string
}

const DAYS_SHOWN = 14

/** Day, then a time block with the seats left (from the server's availability for the type). */
export default function BookingSlotPicker({ serviceType, value, onChange, dealershipId, hook }: BookingSlotPickerProps) {
  const from = todayInShanghai()
  const availability = useAsync(() => bookingAvailability(serviceType, from, DAYS_SHOWN, dealershipId), [serviceType, from, dealershipId])
  const days = availability.data?.days ?? []
  const open = days.filter((d) => !d.closed && d.blocks.some((b) => b.bookable && b.seatsLeft > 0))
  const chosenDay = days.find((d) => d.day === value.day)
  const blocks = chosenDay?.blocks.filter((b) => b.bookable) ?? []
  const free = blocks.filter((b) => b.seatsLeft > 0)
  const full = blocks.filter((b) => b.seatsLeft <= 0)

  if (availability.loading && !availability.data) return <Text className="muted">正在查询可预约时段…</Text>
  if (availability.error) return <Text className={`error-text ${hook}-error`}>{errorMessage(availability.error)}</Text>
  return (
    <View className={hook}>
      {open.length === 0 ? (
        <Text className={`muted ${hook}-none`}>近 {DAYS_SHOWN} 天没有可预约的时段</Text>
      ) : (
        <Chips
          label="日期"
          hook={`${hook}-day`}
          options={open.map((d) => ({ value: d.day, label: dayLabel(d.day) }))}
          value={value.day}
          onChange={(day) => onChange({ day, blockId: '' })}
        />
      )}
      {chosenDay ? (
        <Chips
          label="时段"
          hook={`${hook}-block`}
          options={free.map((b) => ({ value: b.blockId, label: `${blockText(b)} 余${b.seatsLeft}` }))}
          value={value.blockId}
          onChange={(blockId) => onChange({ day: value.day, blockId })}
        />
      ) : null}
      {full.length ? <Text className="hint">已约满：{full.map(blockText).join('、')}</Text> : null}
      {days.some((d) => d.closed) ? (
        <Text className="hint">
          休息日：
          {days
            .filter((d) => d.closed)
            .map((d) => `${d.day.slice(5)} ${d.closedLabel ?? ''}`.trim())
            .join('、')}
        </Text>
      ) : null}
    </View>
  )
}
