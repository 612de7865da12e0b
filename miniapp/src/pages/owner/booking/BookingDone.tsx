import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../../../components/Section'
import CheckInCode from '../../../components/CheckInCode'
import type { BookingView } from '../../../services/api-types'
import { dayLabel } from '../../../utils/booking'
import { ROUTES } from '../../../utils/routes'

export interface BookingDoneProps {
  booking: BookingView
  /** What the owner allowed for WeChat reminders while booking, if asked. */
  subscribed: string | null
}

/** The confirmation: when, where, with whom, and the check-in code to show on arrival. */
export default function BookingDone({ booking, subscribed }: BookingDoneProps) {
  return (
    <Section title="预约成功" className="e2e-booking-done">
      <Text className="success-text e2e-booking-done-summary">{`${booking.serviceTypeLabel} · ${dayLabel(booking.day)} ${booking.start}-${booking.end}`}</Text>
      <View className="row">
        <Text className="row__label">车辆</Text>
        <Text className="row__value">{booking.vehicle.plate ?? booking.vehicle.title}</Text>
      </View>
      <View className="row">
        <Text className="row__label">门店</Text>
        <Text className="row__value">{booking.dealership.name}</Text>
      </View>
      <View className="row">
        <Text className="row__label">服务顾问</Text>
        <Text className="row__value e2e-booking-done-advisor">{booking.advisor?.name ?? '门店安排'}</Text>
      </View>
      {booking.checkInCode ? <CheckInCode code={booking.checkInCode} /> : null}
      <Text className="hint">到店前一天会提醒您；如需改约或取消，请在门店规定的截止时间前操作。</Text>
      {subscribed ? <Text className="hint e2e-booking-subscribed">{subscribed}</Text> : null}
      <View className="actions">
        <Button type="primary" className="e2e-booking-to-list" onClick={() => void Taro.redirectTo({ url: ROUTES.ownerBookings })}>
          查看我的预约
        </Button>
        <Button className="e2e-booking-home" onClick={() => void Taro.reLaunch({ url: ROUTES.ownerHome })}>
          返回首页
        </Button>
      </View>
    </Section>
  )
}
