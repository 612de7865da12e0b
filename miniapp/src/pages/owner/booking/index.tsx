import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import SlotPicker, { type SlotChoice } from '../../../components/SlotPicker'
import SubscribePrompt from '../../../components/SubscribePrompt'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useSubscribeOnTap } from '../../../hooks/useSubscribeOnTap'
import { bookVisit, getAvailability, getBookingAdvisors } from '../../../services/bookings'
import { listOwnerVehicles } from '../../../services/owner'
import { errorMessage, isApiError } from '../../../services/request'
import type { BookingServiceType, BookingView } from '../../../services/api-types'
import { SERVICE_TYPE_OPTIONS, dayLabel, dayToShow, parseMileage, serviceTypeParam } from '../../../utils/booking'
import { formatMileage } from '../../../utils/format'
import { ROUTES } from '../../../utils/routes'
import BookingDone from './BookingDone'
import './index.scss'

/** No advisor on the archive: the dealership assigns one. */
const AUTO_ADVISOR = 'auto'

/**
 * Book a visit: vehicle, service type, day and block (seats left), advisor (the owner's own
 * by default), odometer and note. Reminders and the home page's due card open it with
 * `?vehicleId=&serviceType=` preselected; from a reminder it also offers WeChat reminders.
 */
export default function BookingPage() {
  const { params } = useRouter()
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const presetType = serviceTypeParam(params.serviceType)
  const vehicles = useAsync(() => listOwnerVehicles(), [isOwner], isOwner)
  const items = vehicles.data?.items ?? []
  const [vehicleId, setVehicleId] = useState<string | null>(null)
  const vehicle = items.find((v) => v.id === vehicleId) ?? items.find((v) => v.id === params.vehicleId) ?? items[0] ?? null
  const [serviceType, setServiceType] = useState<BookingServiceType>(presetType ?? 'regular_maintenance')
  const dealershipId = vehicle?.dealership.id ?? ''
  const slots = useAsync(() => getAvailability(dealershipId, serviceType), [dealershipId, serviceType], dealershipId !== '')
  const advisors = useAsync(() => getBookingAdvisors(vehicle?.id ?? ''), [vehicle?.id], vehicle !== null)
  const [advisorChoice, setAdvisorChoice] = useState<string | null>(null)
  const [slot, setSlot] = useState<SlotChoice | null>(null)
  const [day, setDay] = useState<string | null>(null)
  const [mileage, setMileage] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const [done, setDone] = useState<BookingView | null>(null)
  const subscribe = useSubscribeOnTap(isOwner)

  const days = slots.data?.days ?? []
  // New days (another vehicle or type, or a reload after a refusal): choose the block again.
  useEffect(() => {
    setSlot(null)
    setDay((current) => dayToShow(slots.data?.days ?? [], current))
  }, [slots.data])

  const ownAdvisor = advisors.data?.ownAdvisorId ?? null
  const advisorValue = advisorChoice ?? ownAdvisor ?? AUTO_ADVISOR
  const advisorOptions = [
    ...(ownAdvisor ? [] : [{ value: AUTO_ADVISOR, label: '门店安排' }]),
    ...(advisors.data?.items ?? []).map((a) => ({ value: a.id, label: a.id === ownAdvisor ? `${a.name}（我的顾问）` : a.name }))
  ]
  const mileageCheck = parseMileage(mileage, vehicle?.mileageKm ?? null)

  function chooseVehicle(id: string) {
    setVehicleId(id)
    setAdvisorChoice(null)
    setFailure(null)
  }

  function submit() {
    if (!vehicle || !slot || busy || mileageCheck.error) return
    subscribe.ask() // before any await: WeChat asks only from a tap
    setBusy(true)
    setFailure(null)
    bookVisit({
      vehicleId: vehicle.id,
      serviceType,
      day: slot.day,
      blockId: slot.blockId,
      ...(advisorValue !== AUTO_ADVISOR && advisorValue !== ownAdvisor ? { advisorId: advisorValue } : {}),
      ...(mileageCheck.km !== undefined ? { mileageKm: mileageCheck.km } : {}),
      ...(note.trim() ? { note: note.trim() } : {})
    })
      .then((booking) => setDone(booking))
      .catch((e: unknown) => {
        setFailure(errorMessage(e))
        // Someone took the seat meanwhile, or the day changed: show what is free now.
        if (isApiError(e) && (e.status === 409 || e.status === 422)) void slots.reload()
      })
      .finally(() => setBusy(false))
  }

  if (done) {
    return (
      <View className="page booking e2e-page-owner-booking">
        <BookingDone booking={done} subscribed={subscribe.result} />
      </View>
    )
  }

  return (
    <PageContainer
      className="booking e2e-page-owner-booking"
      require="owner"
      loading={vehicles.loading && !vehicles.data}
      error={vehicles.error}
      onRetry={() => void vehicles.reload()}
      empty={vehicles.data !== undefined && items.length === 0}
      emptyText="还没有车辆：认领您在门店登记的车辆后即可预约。"
      emptyAction={
        <Button type="primary" className="e2e-booking-claim" onClick={() => void Taro.navigateTo({ url: ROUTES.ownerVehicles })}>
          去认领车辆
        </Button>
      }
    >
      {presetType ? (
        <Section title="微信提醒" className="e2e-booking-subscribe">
          <SubscribePrompt intro="开启微信消息提醒，预约确认和到店前一天的提醒会通过微信通知您。" showStatus={false} />
        </Section>
      ) : null}
      <Section title="预约信息">
        {items.length > 1 ? (
          <Chips
            hook="e2e-booking-vehicle"
            label="车辆"
            options={items.map((v) => ({ value: v.id, label: v.plate ?? v.series }))}
            value={vehicle?.id ?? null}
            onChange={chooseVehicle}
          />
        ) : vehicle ? (
          <Text className="booking__vehicle e2e-booking-vehicle-only">{`${vehicle.plate ?? ''} · ${vehicle.dealership.name}`}</Text>
        ) : null}
        <Chips hook="e2e-booking-type" label="服务类型" options={SERVICE_TYPE_OPTIONS} value={serviceType} onChange={setServiceType} />
      </Section>
      <Section title="选择时间">
        {slots.error ? <Text className="error-text e2e-booking-slots-error">{errorMessage(slots.error)}</Text> : null}
        {slots.loading && !slots.data ? <Text className="hint">加载中…</Text> : null}
        {days.length ? (
          <SlotPicker
            hook="e2e-booking-slot"
            days={days}
            day={day}
            blockId={slot?.blockId ?? null}
            onDay={(next) => {
              setDay(next)
              setSlot(null)
            }}
            onBlock={setSlot}
          />
        ) : null}
      </Section>
      <Section title="更多信息">
        {advisorOptions.length ? (
          <Chips hook="e2e-booking-advisor" label="服务顾问" options={advisorOptions} value={advisorValue} onChange={setAdvisorChoice} />
        ) : null}
        <Field
          label="当前里程（公里，选填）"
          className="e2e-booking-mileage"
          type="number"
          value={mileage}
          onChange={setMileage}
          placeholder={vehicle?.mileageKm ? `上次记录 ${formatMileage(vehicle.mileageKm)}` : '仪表盘显示的总里程'}
          error={mileageCheck.error}
        />
        <Text className="hint">填写后，保养到期时间会按最新里程重新推算。</Text>
        <Field label="备注（选填）" className="e2e-booking-note" multiline maxlength={200} value={note} onChange={setNote} placeholder="例如：顺便检查空调" />
      </Section>
      {failure ? <Text className="error-text e2e-booking-error">{failure}</Text> : null}
      <View className="booking__submit">
        <Button type="primary" block className="e2e-booking-submit" loading={busy} disabled={!slot || busy || mileageCheck.error !== null} onClick={submit}>
          {slot ? `确认预约 ${dayLabel(slot.day)} ${slot.blockId.slice(0, 2)}:${slot.blockId.slice(2, 4)}` : '请选择预约时段'}
        </Button>
      </View>
    </PageContainer>
  )
}
