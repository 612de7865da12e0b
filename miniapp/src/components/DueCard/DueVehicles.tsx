import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../Section'
import type { DueEvent, OwnerVehicleDue } from '../../services/api-types'
import { formatMileage } from '../../utils/format'
import { ROUTES, withQuery } from '../../utils/routes'

/** How many of a vehicle's events (earliest first) the home page shows. */
export const DUE_EVENTS_SHOWN = 3

function DueRow({ vehicle, event }: { vehicle: OwnerVehicleDue; event: DueEvent }) {
  const book = event.bookingServiceType
  return (
    <View className={`due__event due__event--${event.status} e2e-due-event e2e-due-event--${event.type}`}>
      <View className="due__text">
        <Text className="due__title e2e-due-title">{event.title}</Text>
        <Text className="due__explain e2e-due-explain">{event.explanation}</Text>
      </View>
      {book ? (
        <Button
          size="small"
          type="primary"
          fill={event.status === 'upcoming' ? 'outline' : 'solid'}
          className="e2e-due-book"
          onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.ownerBooking, { vehicleId: vehicle.vehicleId, serviceType: book }) })}
        >
          预约
        </Button>
      ) : null}
    </View>
  )
}

/** One card per vehicle with due events: the odometer estimate and the earliest events. */
export default function DueVehicles({ vehicles }: { vehicles: readonly OwnerVehicleDue[] }) {
  return (
    <View className="due e2e-due">
      {vehicles
        .filter((v) => v.events.length > 0)
        .map((vehicle) => (
          <Section key={vehicle.vehicleId} title={`下次到期 · ${vehicle.plate ?? vehicle.title}`} className="e2e-due-vehicle">
            {vehicle.odometer ? (
              <Text className="hint e2e-due-odometer">{`当前里程约 ${formatMileage(Math.round(vehicle.odometer.estimatedTodayKm))}（${vehicle.odometer.date} 记录 ${formatMileage(Math.round(vehicle.odometer.km))}）`}</Text>
            ) : null}
            {vehicle.events.slice(0, DUE_EVENTS_SHOWN).map((event) => (
              <DueRow key={`${event.type}:${event.dueDate}`} vehicle={vehicle} event={event} />
            ))}
          </Section>
        ))}
    </View>
  )
}
