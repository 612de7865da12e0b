import { clock } from '../../lib/clock';
import { op } from '../../lib/query';
import { isNewerReading } from '../imports/processing/mileage';
import { Vehicle } from '../vehicles/vehicle.model';
import type { VehicleRecord } from '../bindings/owner-vehicle.service';

/**
 * The odometer the customer told us when booking is a reading dated the day they told it.
 * The vehicle keeps one dated reading (mileageKm + mileageDate); this one replaces it only
 * when newer by the import's rule, and the write is conditional on the reading it replaces,
 * so a concurrent newer reading is never overwritten by an older one.
 */
export async function recordBookedMileage(vehicle: VehicleRecord, km: number, today: string): Promise<void> {
  const current = { mileageKm: vehicle.mileageKm ?? null, mileageDate: vehicle.mileageDate ?? null };
  if (!isNewerReading(km, today, current)) return;
  const notNewer = {
    $or: [{ mileageDate: null }, { mileageDate: op.lt(today) }, { mileageDate: today, mileageKm: op.lt(km) }]
  };
  await Vehicle.updateOne(
    { _id: vehicle._id, ...notNewer },
    { $set: { mileageKm: km, mileageDate: today, updatedAt: clock.now() } }
  );
}
