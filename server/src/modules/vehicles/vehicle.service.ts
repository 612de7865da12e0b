import type { Types } from 'mongoose';
import { Vehicle } from './vehicle.model';

/**
 * Writes of vehicle records for the modules that edit them (staff vehicle endpoints of the
 * customers module). A plate or VIN already on another vehicle of the dealership fails on
 * the unique identity index (the caller maps the duplicate-key error); the anniversary-key
 * plugin runs on both.
 */
export async function insertVehicle(
  doc: Record<string, unknown> & {
    _id: Types.ObjectId;
    dealershipId: Types.ObjectId;
    customerId: Types.ObjectId;
  }
): Promise<void> {
  await Vehicle.create(doc);
}

/** `$set` of the changed fields of one vehicle of the dealership. */
export async function setVehicleFields(
  vehicleId: Types.ObjectId,
  dealershipId: Types.ObjectId,
  set: Record<string, unknown>
): Promise<void> {
  await Vehicle.updateOne({ _id: vehicleId, dealershipId }, { $set: set });
}
