import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Field from '../../../components/Field'
import BookingSlotPicker, { type Slot } from '../../../components/BookingSlotPicker'
import { cancelBooking, markArrived, markNoShow, rescheduleBooking } from '../../../services/staffBookings'
import { errorMessage } from '../../../services/request'
import type { BookingView } from '../../../services/api-types'
import { ROUTES, withQuery } from '../../../utils/routes'

interface BookingItemProps {
  booking: BookingView
  dealershipId?: string
  /** After a change: the message to show and whether to reload the list. */
  onDone: (result: { ok: boolean; text: string }) => Promise<void>
}

type Form = 'none' | 'cancel' | 'reschedule'

/** One booking of the day list with its actions: 到店, 未到店, 取消 (reason), 改约. */
export default function BookingItem({ booking: b, dealershipId, onDone }: BookingItemProps) {
  const [form, setForm] = useState<Form>('none')
  const [reason, setReason] = useState('')
  const [slot, setSlot] = useState<Slot>({ day: '', blockId: '' })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const open = b.status === 'booked'

  async function act(work: () => Promise<BookingView>, done: (after: BookingView) => string) {
    setBusy(true)
    setError(null)
    try {
      const after = await work()
      setForm('none')
      await onDone({ ok: true, text: done(after) })
    } catch (e) {
      // The server decides (e.g. 未到店 only once the block has started): show its reason here.
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const who = `${b.customer.name}${b.vehicle.plate ? ` ${b.vehicle.plate}` : ''}`
  return (
    <View className={`list-item booking e2e-booking-item e2e-booking-is-${b.status}`}>
      <View className="booking__head">
        <Text className="booking__time e2e-booking-time">
          {b.start}-{b.end}
        </Text>
        <Text
          className="list-item__title e2e-booking-customer"
          onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.staffCustomer, { id: b.customer.id }) })}
        >
          {b.customer.name}
        </Text>
        <Text className={`tag booking__status booking__status--${b.status} e2e-booking-status`}>{b.statusLabel}</Text>
        {b.customerNoShows ? <Text className="tag booking__noshow e2e-booking-noshows">爽约 {b.customerNoShows} 次</Text> : null}
      </View>
      <Text className="list-item__meta">
        {b.vehicle.plate ?? '无车牌'} · {b.serviceTypeLabel} · 顾问 {b.advisor?.name ?? '未指定'}
        {b.mileage ? ` · ${b.mileage.km} 公里` : ''}
      </Text>
      {b.note ? <Text className="list-item__meta">备注：{b.note}</Text> : null}
      {b.cancelReason ? <Text className="list-item__meta">取消原因：{b.cancelReason}</Text> : null}
      {error ? <Text className="error-text e2e-booking-error">{error}</Text> : null}
      {open && form === 'none' ? (
        <View className="actions">
          <Button
            size="small"
            type="primary"
            className="e2e-booking-arrived"
            loading={busy}
            disabled={busy}
            onClick={() =>
              void act(
                () => markArrived(b.id),
                () => `${who} 已到店`
              )
            }
          >
            到店
          </Button>
          <Button
            size="small"
            className="e2e-booking-noshow"
            disabled={busy}
            onClick={() =>
              void act(
                () => markNoShow(b.id),
                () => `${who} 已记为未到店`
              )
            }
          >
            未到店
          </Button>
          <Button size="small" className="e2e-booking-reschedule" disabled={busy} onClick={() => setForm('reschedule')}>
            改约
          </Button>
          <Button size="small" className="e2e-booking-cancel" disabled={busy} onClick={() => setForm('cancel')}>
            取消
          </Button>
        </View>
      ) : null}
      {form === 'cancel' ? (
        <View className="booking__form e2e-booking-cancel-form">
          <Field label="取消原因" value={reason} onChange={setReason} placeholder="例如 客户临时出差" maxlength={200} className="e2e-booking-cancel-reason" />
          <View className="actions">
            <Button
              size="small"
              type="danger"
              className="e2e-booking-cancel-confirm"
              loading={busy}
              disabled={busy || !reason.trim()}
              onClick={() =>
                void act(
                  () => cancelBooking(b.id, reason.trim()),
                  () => `已取消 ${who} 的预约`
                )
              }
            >
              确认取消
            </Button>
            <Button size="small" onClick={() => setForm('none')}>
              返回
            </Button>
          </View>
        </View>
      ) : null}
      {form === 'reschedule' ? (
        <View className="booking__form e2e-booking-reschedule-form">
          <BookingSlotPicker serviceType={b.serviceType} dealershipId={dealershipId} value={slot} onChange={setSlot} hook="e2e-reschedule" />
          <View className="actions">
            <Button
              size="small"
              type="primary"
              className="e2e-booking-reschedule-confirm"
              loading={busy}
              disabled={busy || !slot.blockId}
              onClick={() =>
                void act(
                  () => rescheduleBooking(b.id, slot),
                  (after) => `已改约到 ${after.day} ${after.start}-${after.end}`
                )
              }
            >
              确认改约
            </Button>
            <Button size="small" onClick={() => setForm('none')}>
              返回
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  )
}
