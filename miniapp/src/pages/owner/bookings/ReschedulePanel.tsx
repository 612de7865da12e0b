import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import SlotPicker, { type SlotChoice } from '../../../components/SlotPicker'
import { useAsync } from '../../../hooks/useAsync'
import { getAvailability, rescheduleBooking } from '../../../services/bookings'
import { errorMessage } from '../../../services/request'
import type { BookingView } from '../../../services/api-types'
import { dayToShow } from '../../../utils/booking'

export interface ReschedulePanelProps {
  booking: BookingView
  onDone: (updated: BookingView) => void
  onClose: () => void
}

/** 改约: the same service type at another day and block (before the dealership's cutoff). */
export default function ReschedulePanel({ booking, onDone, onClose }: ReschedulePanelProps) {
  const slots = useAsync(() => getAvailability(booking.dealership.id, booking.serviceType), [booking.id])
  // Start on the booked day (when it still takes bookings): the usual move is another block that day.
  const [day, setDay] = useState<string | null>(booking.day)
  const [slot, setSlot] = useState<SlotChoice | null>(null)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  useEffect(() => {
    setSlot(null)
    setDay((current) => dayToShow(slots.data?.days ?? [], current))
  }, [slots.data])
  const unchanged = slot?.day === booking.day && slot.blockId === booking.blockId

  function confirm() {
    if (!slot || unchanged || busy) return
    setBusy(true)
    setFailure(null)
    rescheduleBooking(booking.id, slot.day, slot.blockId)
      .then(onDone)
      .catch((e: unknown) => {
        setFailure(errorMessage(e))
        void slots.reload()
      })
      .finally(() => setBusy(false))
  }

  return (
    <View className="my-booking__panel e2e-reschedule">
      <Text className="my-booking__panel-title">选择新的时段</Text>
      {slots.error ? <Text className="error-text">{errorMessage(slots.error)}</Text> : null}
      {slots.data ? (
        <SlotPicker
          hook="e2e-reschedule-slot"
          days={slots.data.days}
          day={day}
          blockId={slot?.blockId ?? null}
          onDay={(next) => {
            setDay(next)
            setSlot(null)
          }}
          onBlock={setSlot}
        />
      ) : (
        <Text className="hint">加载中…</Text>
      )}
      {unchanged ? <Text className="hint">这是当前预约的时段，请选择其他时段。</Text> : null}
      {failure ? <Text className="error-text e2e-reschedule-error">{failure}</Text> : null}
      <View className="actions">
        <Button type="primary" size="small" className="e2e-reschedule-confirm" loading={busy} disabled={!slot || unchanged || busy} onClick={confirm}>
          确认改约
        </Button>
        <Button size="small" className="e2e-reschedule-close" onClick={onClose}>
          收起
        </Button>
      </View>
    </View>
  )
}
