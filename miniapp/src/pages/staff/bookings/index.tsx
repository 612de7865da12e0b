import { useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { checkInByCode, listBookings } from '../../../services/staffBookings'
import { errorMessage } from '../../../services/request'
import { dayLabel, pickableDays, todayInShanghai } from '../../../utils/booking'
import { ROUTES } from '../../../utils/routes'
import BookingItem from './BookingItem'
import './index.scss'

/**
 * The day's bookings at the service desk (today unless another day is picked): arrival by the
 * customer's check-in code or by tapping 到店, no-shows, cancellations and reschedules.
 */
export default function StaffBookingsPage() {
  const session = useSession()
  const scope = useDealershipScope(session)
  const staff = session?.kind === 'staff'
  const today = todayInShanghai()
  const [day, setDay] = useState(today)
  const [code, setCode] = useState('')
  const [checking, setChecking] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const list = useAsync(() => listBookings({ day, dealershipId: scope.dealershipId }), [day, scope.dealershipId], staff && !scope.pending)
  const items = [...(list.data?.items ?? [])].sort((a, b) =>
    a.start === b.start ? a.customer.name.localeCompare(b.customer.name) : a.start < b.start ? -1 : 1
  )

  /** The list is read again before a success shows, so the message never sits beside a stale row. */
  async function done(result: { ok: boolean; text: string }) {
    if (result.ok) await list.reload()
    setMessage(result)
  }

  async function checkIn() {
    setChecking(true)
    setMessage(null)
    try {
      const b = await checkInByCode(code.trim(), scope.dealershipId)
      setCode('')
      await done({ ok: true, text: `已签到：${b.customer.name} ${b.vehicle.plate ?? ''} ${b.start}-${b.end} ${b.serviceTypeLabel}` })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setChecking(false)
    }
  }

  return (
    <PageContainer
      className="bookings e2e-page-staff-bookings"
      require="staff"
      capability="bookings.work"
      loading={(list.loading && !list.data) || scope.pending}
      error={list.data ? null : list.error}
      onRetry={() => void list.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-bookings-dealership" />
      <Section title="到店签到">
        <Field
          label="签到码"
          value={code}
          onChange={(v) => setCode(v.toUpperCase())}
          placeholder="车主出示的 8 位签到码"
          maxlength={8}
          className="e2e-checkin-code"
          onConfirm={() => void checkIn()}
        />
        <View className="actions">
          <Button
            type="primary"
            size="small"
            className="e2e-checkin-submit"
            loading={checking}
            disabled={checking || code.trim().length !== 8}
            onClick={() => void checkIn()}
          >
            签到到店
          </Button>
          <Button size="small" className="e2e-bookings-new" onClick={() => void Taro.navigateTo({ url: ROUTES.staffCustomers })}>
            代客预约（选择客户）
          </Button>
        </View>
      </Section>
      <Section>
        <Chips hook="e2e-bookings-day" options={pickableDays(today).map((d) => ({ value: d, label: dayLabel(d, today) }))} value={day} onChange={setDay} />
        <Text className="hint e2e-bookings-total">
          {day === today ? '今日' : dayLabel(day, today)}预约 {items.length} 个，待到店 {items.filter((b) => b.status === 'booked').length} 个
        </Text>
        {message ? <Text className={message.ok ? 'success-text e2e-bookings-message' : 'error-text e2e-bookings-error'}>{message.text}</Text> : null}
      </Section>
      <Section>
        {items.length === 0 && !list.loading ? <Text className="muted e2e-bookings-empty">这一天没有预约</Text> : null}
        {items.map((b) => (
          <BookingItem key={`${b.id}-${b.status}-${b.day}-${b.blockId}`} booking={b} dealershipId={scope.dealershipId} onDone={done} />
        ))}
        {list.error && list.data ? <Text className="error-text">{errorMessage(list.error)}</Text> : null}
      </Section>
    </PageContainer>
  )
}
