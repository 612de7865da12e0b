import { View, Text, ScrollView } from '@tarojs/components'
import type { AvailableDay } from '../../services/api-types'
import { blockState, dayLabel } from '../../utils/booking'
import './index.scss'

export interface SlotChoice {
  day: string
  blockId: string
}

export interface SlotPickerProps {
  days: readonly AvailableDay[]
  /** The day shown below the strip. */
  day: string | null
  blockId: string | null
  onDay: (day: string) => void
  onBlock: (choice: SlotChoice) => void
  /** Hook prefix for browser tests: `<hook>-day-<YYYY-MM-DD>`, `<hook>-block-<blockId>`. */
  hook: string
}

/**
 * A strip of days (closed ones greyed, with the reason) and the chosen day's time blocks with
 * the seats left. Blocks already started, inside the lead time or full cannot be chosen.
 */
export default function SlotPicker({ days, day, blockId, onDay, onBlock, hook }: SlotPickerProps) {
  const shown = days.find((d) => d.day === day) ?? null
  return (
    <View className={`slots ${hook}`}>
      <ScrollView scrollX className="slots__days">
        <View className="slots__strip">
          {days.map((d) => (
            <View
              key={d.day}
              className={`slots__day ${d.closed ? 'slots__day--closed' : ''} ${d.day === day ? 'slots__day--active' : ''} ${hook}-day-${d.day}`}
              onClick={() => {
                if (!d.closed) onDay(d.day)
              }}
            >
              <Text className="slots__date">{dayLabel(d.day)}</Text>
              <Text className="slots__note">{d.closed ? (d.closedLabel ?? '休息') : '可预约'}</Text>
            </View>
          ))}
        </View>
      </ScrollView>
      {shown ? (
        <View className="slots__blocks">
          {shown.blocks.map((b) => {
            const state = blockState(b)
            const active = b.blockId === blockId
            return (
              <View
                key={b.blockId}
                className={`slots__block ${state.open ? '' : 'slots__block--full'} ${active ? 'slots__block--active' : ''} ${hook}-block ${hook}-block-${b.blockId}`}
                onClick={() => {
                  if (state.open) onBlock({ day: shown.day, blockId: b.blockId })
                }}
              >
                <Text className="slots__time">
                  {b.start}-{b.end}
                </Text>
                <Text className="slots__seats">{state.text}</Text>
              </View>
            )
          })}
        </View>
      ) : (
        <Text className="hint">请选择日期</Text>
      )}
    </View>
  )
}
