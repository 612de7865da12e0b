import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import { cancelBooking } from '../../../services/bookings'
import { errorMessage } from '../../../services/request'
import type { BookingView } from '../../../services/api-types'
import { CANCEL_REASONS } from '../../../utils/booking'

export interface CancelPanelProps {
  booking: BookingView
  onDone: (updated: BookingView) => void
  onClose: () => void
}

const OTHER = '其他'
const OPTIONS = [...CANCEL_REASONS, OTHER].map((value) => ({ value, label: value }))

/** 取消: a reason is required (a common one, or the owner's own words). */
export default function CancelPanel({ booking, onDone, onClose }: CancelPanelProps) {
  const [choice, setChoice] = useState<string>('')
  const [own, setOwn] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const reason = (choice === OTHER ? own : choice).trim()

  function confirm() {
    if (!reason || busy) return
    setBusy(true)
    setFailure(null)
    cancelBooking(booking.id, reason)
      .then(onDone)
      .catch((e: unknown) => setFailure(errorMessage(e)))
      .finally(() => setBusy(false))
  }

  return (
    <View className="my-booking__panel e2e-cancel">
      <Chips hook="e2e-cancel-reason" label="取消原因" options={OPTIONS} value={choice} onChange={setChoice} />
      {choice === OTHER ? (
        <Field label="请说明原因" className="e2e-cancel-own" value={own} onChange={setOwn} maxlength={200} placeholder="例如：车辆已出售" />
      ) : null}
      {failure ? <Text className="error-text e2e-cancel-error">{failure}</Text> : null}
      <View className="actions">
        <Button type="danger" size="small" className="e2e-cancel-confirm" loading={busy} disabled={!reason || busy} onClick={confirm}>
          确认取消预约
        </Button>
        <Button size="small" className="e2e-cancel-close" onClick={onClose}>
          不取消了
        </Button>
      </View>
    </View>
  )
}
