import { useAsync } from '../../../hooks/useAsync'
import { getCustomer } from '../../../services/customers'
import { bookingTargetOf } from '../../../services/staffBookings'
import { vehicleTitle } from '../../../utils/format'

export interface TargetVehicle {
  id: string
  plate: string | null
  title: string
}

export interface BookingTargetData {
  customer: { id: string; name: string }
  advisor: { id: string; name: string } | null
  vehicles: TargetVehicle[]
}

/**
 * Whom the booking is for: the customer archive (from the customer page: all their vehicles),
 * or the one vehicle the workbench names (its customer looked up by the server).
 */
export function useBookingTarget(customerId: string, vehicleId: string, enabled: boolean) {
  return useAsync<BookingTargetData>(
    async () => {
      if (customerId) {
        const detail = await getCustomer(customerId)
        return {
          customer: { id: detail.customer.id, name: detail.customer.name },
          advisor: detail.customer.advisor ?? null,
          vehicles: detail.vehicles.map((v) => ({ id: v.id, plate: v.plate, title: vehicleTitle(v) }))
        }
      }
      const target = await bookingTargetOf(vehicleId)
      return { customer: target.customer, advisor: target.advisor, vehicles: [target.vehicle] }
    },
    [customerId, vehicleId],
    enabled && Boolean(customerId || vehicleId)
  )
}
