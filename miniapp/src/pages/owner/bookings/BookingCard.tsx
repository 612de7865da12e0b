import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../../../components/Section'
import CheckInCode from '../../../components/CheckInCode'
import type { BookingView } from '../../../services/api-types'
import { dayLabel } from '../../../utils/booking'
import CancelPanel from './CancelPanel'
import ReschedulePanel from './ReschedulePanel'

type Panel = 'code' | 'reschedule' | 'cancel' | null

export interface BookingCardProps {
  booking: BookingView
  onChanged: (updated: BookingView) => void
}

/** One booking: when, where, status; an open one shows its check-in code and can be moved or cancelled. */
export default function BookingCard({ booking, onChanged }: BookingCardProps) {
  const [panel, setPanel] = useState<Panel>(null)
  const open = booking.status === 'booked'
  const toggle = (next: Panel) => setPanel((current) => (current === next ? null : next))
  const changed = (updated: BookingView) => {
    setPanel(null)
    onChanged(updated)
  }

  return (
    <Section className={`my-booking e2e-my-booking e2e-my-booking--${booking.status}`}>
      <View className="my-booking__head">
        <Text className="list-item__title e2e-my-booking-title">{`${booking.serviceTypeLabel} · ${booking.vehicle.plate ?? booking.vehicle.title}`}</Text>
        <Text className={`my-booking__status my-booking__status--${booking.status} e2e-my-booking-status`}>{booking.statusLabel}</Text>
      </View>
      <Text className="my-booking__when e2e-my-booking-when">{`${dayLabel(booking.day)} ${booking.start}-${booking.end}`}</Text>
      <Text className="list-item__meta">{`${booking.dealership.name} · 顾问 ${booking.advisor?.name ?? '门店安排'}`}</Text>
      {booking.note ? <Text className="list-item__meta">{`备注：${booking.note}`}</Text> : null}
      {booking.cancelReason ? <Text className="list-item__meta e2e-my-booking-cancel-reason">{`取消原因：${booking.cancelReason}`}</Text> : null}
      {open ? (
        <View className="actions">
          <Button size="small" type="primary" className="e2e-my-booking-code" onClick={() => toggle('code')}>
            到店码
          </Button>
          <Button size="small" className="e2e-my-booking-reschedule" onClick={() => toggle('reschedule')}>
            改约
          </Button>
          <Button size="small" className="e2e-my-booking-cancel" onClick={() => toggle('cancel')}>
            取消
          </Button>
        </View>
      ) : null}
      {open && panel === 'code' && booking.checkInCode ? <CheckInCode code={booking.checkInCode} /> : null}
      {open && panel === 'reschedule' ? <ReschedulePanel booking={booking} onDone={changed} onClose={() => setPanel(null)} /> : null}
      {open && panel === 'cancel' ? <CancelPanel booking={booking} onDone={changed} onClose={() => setPanel(null)} /> : null}
    </Section>
  )
}
