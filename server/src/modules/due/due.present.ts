import type { DueEventView, OwnerDueResponse } from '@dealer/shared';
import { dueTitleZh, explainDueZh, type DueEvent, type VehicleDue } from '@dealer/shared/domain/due';
import { vehicleTitleOf, type DueVehicleFields } from './due-inputs';

export function presentDueEvent(e: DueEvent): DueEventView {
  return {
    type: e.type,
    title: dueTitleZh(e),
    explanation: explainDueZh(e),
    dueDate: e.dueDate,
    dueMileage: e.dueMileage ?? null,
    status: e.status,
    daysLeft: e.daysLeft,
    bookingServiceType: e.type === 'first_maintenance' || e.type === 'regular_maintenance' ? e.type : null
  };
}

export function presentOwnerVehicleDue(
  vehicle: DueVehicleFields,
  due: VehicleDue
): OwnerDueResponse['vehicles'][number] {
  return {
    vehicleId: String(vehicle._id),
    dealershipId: String(vehicle.dealershipId),
    plate: vehicle.plate ?? null,
    title: vehicleTitleOf(vehicle),
    odometer: due.odometer,
    events: due.events.map(presentDueEvent)
  };
}
