import { Types } from 'mongoose';
import type { OwnerDueResponse } from '@dealer/shared';
import { vehicleDue } from '@dealer/shared/domain/due';
import { clock, shanghaiDate } from '../../lib/clock';
import { op } from '../../lib/query';
import { Binding } from '../bindings/binding.model';
import { VehicleClaim } from '../bindings/vehicle-claim.model';
import { Booking } from '../bookings/booking.model';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle } from '../vehicles/vehicle.model';
import { presentOwnerVehicleDue } from './due.present';
import {
  DUE_BOOKING_PROJECTION,
  DUE_RECORD_PROJECTION,
  DUE_VEHICLE_PROJECTION,
  vehicleDueInput,
  type DueBookingFields,
  type DueServiceRecordFields,
  type DueVehicleFields
} from './due-inputs';
import { dueEngineSettings, type DueEngineSettings } from './due-settings.service';

/** The vehicles an owner claimed at dealerships they are still bound to: theirs, and only theirs. */
async function ownerVehicles(ownerId: string): Promise<DueVehicleFields[]> {
  const owner = new Types.ObjectId(ownerId);
  const [claims, bindings] = await Promise.all([
    VehicleClaim.find({ ownerId: owner }, { vehicleId: 1, dealershipId: 1 }).lean(),
    Binding.find({ ownerId: owner }, { dealershipId: 1 }).lean()
  ]);
  const bound = new Set(bindings.map((b) => String(b.dealershipId)));
  const ids = claims.filter((c) => bound.has(String(c.dealershipId))).map((c) => c.vehicleId);
  if (ids.length === 0) return [];
  return Vehicle.find({ _id: op.in(ids) }, DUE_VEHICLE_PROJECTION).lean<DueVehicleFields[]>();
}

/**
 * GET /api/owner/due: the live engine answer for each of the owner's vehicles (not the
 * stored events, which may be a night old), vehicles with the earliest due event first.
 */
export async function ownerDue(ownerId: string): Promise<OwnerDueResponse> {
  const today = shanghaiDate(clock.now());
  const vehicles = await ownerVehicles(ownerId);
  const ids = vehicles.map((v) => v._id);
  const [records, bookings] = await Promise.all([
    ServiceRecord.find({ vehicleId: op.in(ids) }, DUE_RECORD_PROJECTION).lean<DueServiceRecordFields[]>(),
    Booking.find({ vehicleId: op.in(ids) }, DUE_BOOKING_PROJECTION).lean<DueBookingFields[]>()
  ]);
  const settingsOf = new Map<string, Promise<DueEngineSettings>>();
  const settingsFor = (dealershipId: string) => {
    let found = settingsOf.get(dealershipId);
    if (!found) settingsOf.set(dealershipId, (found = dueEngineSettings(dealershipId, today)));
    return found;
  };
  const presented = await Promise.all(
    vehicles.map(async (v) => {
      const settings = await settingsFor(String(v.dealershipId));
      const mine = <T extends { vehicleId: Types.ObjectId }>(rows: T[]) =>
        rows.filter((r) => r.vehicleId.equals(v._id));
      const input = vehicleDueInput(v, mine(records), mine(bookings));
      const due = vehicleDue(input, { today, settings: settings.engine, fleet: settings.fleet });
      return presentOwnerVehicleDue(v, due);
    })
  );
  const firstDue = (p: (typeof presented)[number]) => p.events[0]?.dueDate ?? '9999-12-31';
  presented.sort((a, b) => (firstDue(a) < firstDue(b) ? -1 : firstDue(a) > firstDue(b) ? 1 : 0));
  return { vehicles: presented };
}
