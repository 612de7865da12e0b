import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { BOOKING_SERVICE_TYPES, BOOKING_SERVICE_TYPE_LABELS, type BookingServiceType } from '@dealer/shared/labels/bookings'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import BookingSlotPicker, { type Slot } from '../../../components/BookingSlotPicker'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { can } from '../../../services/session'
import { listStaff } from '../../../services/staff'
import { bookForCustomer } from '../../../services/staffBookings'
import { errorMessage } from '../../../services/request'
import type { BookingView } from '../../../services/api-types'
import { ROUTES } from '../../../utils/routes'
import { useBookingTarget } from './useBookingTarget'

const TYPE_OPTIONS = BOOKING_SERVICE_TYPES.map((t) => ({ value: t, label: BOOKING_SERVICE_TYPE_LABELS[t] }))
const DEFAULT_ADVISOR = 'default'
const asServiceType = (raw: string | undefined): BookingServiceType =>
  (BOOKING_SERVICE_TYPES as readonly string[]).includes(raw ?? '') ? (raw as BookingServiceType) : 'regular_maintenance'

/** Mileage: empty, or a whole number of km the customer told. */
function mileageError(text: string): string | null {
  if (!text.trim()) return null
  return /^\d{1,7}$/.test(text.trim()) ? null : '请填写整数公里数'
}

/**
 * 代客预约: an advisor books a visit for a customer's vehicle on the phone — type, day, block
 * (with the seats left), advisor, mileage and a note. Opened from the customer archive
 * (customerId, vehicleId) or from the workbench (vehicleId, serviceType).
 */
export default function StaffBookingNewPage() {
  const { params } = useRouter()
  const session = useSession()
  const staff = session?.kind === 'staff' ? session.staff : null
  const target = useBookingTarget(params.customerId ?? '', params.vehicleId ?? '', staff !== null)
  const manager = can(session, 'staff.manage')
  const advisors = useAsync(() => listStaff(), [manager], manager)
  const [vehicleId, setVehicleId] = useState(params.vehicleId ?? '')
  const [serviceType, setServiceType] = useState<BookingServiceType>(asServiceType(params.serviceType))
  const [slot, setSlot] = useState<Slot>({ day: '', blockId: '' })
  const [advisorId, setAdvisorId] = useState(DEFAULT_ADVISOR)
  const [mileage, setMileage] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [booked, setBooked] = useState<BookingView | null>(null)
  // Remounts the slot picker so it reads the seats again (after a booking or a full block).
  const [round, setRound] = useState(0)

  const data = target.data
  const chosenVehicle = vehicleId || data?.vehicles[0]?.id || ''
  const advisorOptions = [
    { value: DEFAULT_ADVISOR, label: data?.advisor ? `客户顾问 ${data.advisor.name}` : '默认' },
    ...(staff?.role === 'advisor' && staff.id !== data?.advisor?.id ? [{ value: staff.id, label: `我（${staff.name}）` }] : []),
    ...(advisors.data?.items ?? [])
      .filter((s) => s.role === 'advisor' && !s.disabled && s.id !== data?.advisor?.id)
      .map((s) => ({ value: s.id, label: s.name }))
  ]
  const invalidMileage = mileageError(mileage)

  async function submit() {
    if (!data || !chosenVehicle || !slot.blockId || invalidMileage) return
    setBusy(true)
    setError(null)
    try {
      const result = await bookForCustomer({
        customerId: data.customer.id,
        vehicleId: chosenVehicle,
        serviceType,
        day: slot.day,
        blockId: slot.blockId,
        advisorId: advisorId === DEFAULT_ADVISOR ? undefined : advisorId,
        mileageKm: mileage.trim() ? Number(mileage.trim()) : undefined,
        note: note.trim() || undefined
      })
      setBooked(result)
      setSlot({ day: '', blockId: '' })
      setNote('')
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
      setRound((r) => r + 1)
    }
  }

  return (
    <PageContainer
      className="e2e-page-staff-booking-new"
      require="staff"
      capability="bookings.work"
      loading={target.loading && !data}
      error={params.customerId || params.vehicleId ? target.error : new Error('缺少客户或车辆')}
      onRetry={() => void target.reload()}
    >
      {data ? (
        <View>
          <Section title={`为 ${data.customer.name} 预约`} className="e2e-booking-new-customer">
            {data.vehicles.length === 0 ? <Text className="muted">该客户还没有车辆，请先在档案中添加车辆</Text> : null}
            <Chips
              label="车辆"
              hook="e2e-booking-new-vehicle"
              options={data.vehicles.map((v) => ({ value: v.id, label: `${v.plate ?? '无车牌'} ${v.title}` }))}
              value={chosenVehicle}
              onChange={setVehicleId}
            />
            <Chips
              label="项目"
              hook="e2e-booking-new-type"
              options={TYPE_OPTIONS}
              value={serviceType}
              onChange={(t) => {
                setServiceType(t)
                setSlot({ day: '', blockId: '' })
              }}
            />
          </Section>
          <Section title="到店时间">
            <BookingSlotPicker key={`${serviceType}-${round}`} serviceType={serviceType} value={slot} onChange={setSlot} hook="e2e-book" />
          </Section>
          <Section title="其他">
            <Chips label="服务顾问" hook="e2e-booking-new-advisor" options={advisorOptions} value={advisorId} onChange={setAdvisorId} />
            <Field
              label="当前里程（公里）"
              type="digit"
              value={mileage}
              onChange={setMileage}
              placeholder="客户告知的表显里程，可不填"
              error={invalidMileage}
              className="e2e-booking-new-mileage"
            />
            <Field
              label="备注"
              value={note}
              onChange={setNote}
              placeholder="例如 顺便检查空调异响"
              maxlength={200}
              multiline
              className="e2e-booking-new-note"
            />
            {error ? <Text className="error-text e2e-booking-new-error">{error}</Text> : null}
            {booked ? (
              <Text className="success-text e2e-booking-new-done">
                已为 {booked.customer.name} 预约 {booked.day} {booked.start}-{booked.end} {booked.serviceTypeLabel}，顾问 {booked.advisor?.name ?? '未指定'}
                ；车主将收到预约确认
              </Text>
            ) : null}
            <View className="actions">
              <Button
                type="primary"
                className="e2e-booking-new-submit"
                loading={busy}
                disabled={busy || !chosenVehicle || !slot.blockId || Boolean(invalidMileage)}
                onClick={() => void submit()}
              >
                确认预约
              </Button>
              <Button className="e2e-booking-new-list" onClick={() => void Taro.navigateTo({ url: ROUTES.staffBookings })}>
                查看预约到店
              </Button>
            </View>
          </Section>
        </View>
      ) : null}
    </PageContainer>
  )
}
