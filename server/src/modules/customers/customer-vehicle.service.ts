import { Types } from 'mongoose';
import type { VehicleInput } from '@dealer/shared';
import { vinCheckDigitOk } from '@dealer/shared/domain';
import type { StaffAuth } from '../../http/auth-context';
import { clock, shanghaiDate } from '../../lib/clock';
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../../lib/errors';
import { Customer } from './customer.model';
import { customerScope, loadCustomerFor } from './customer.scope';
import { loadSettings } from '../dealerships/dealership.service';
import { Vehicle } from '../vehicles/vehicle.model';
import { insertVehicle, setVehicleFields } from '../vehicles/vehicle.service';
import { presentVehicle } from './customer-vehicle.present';

interface Warning {
  code: string;
  field: string;
  message: string;
}

/** Same rule as the import: VIN identifies a vehicle, else the plate. */
const identityKeyOf = (vin: string | null, plate: string | null) => (vin ? `VIN:${vin}` : `PLATE:${plate}`);

function warningsFor(input: VehicleInput): Warning[] {
  // Real-world VINs sometimes fail the check digit (typos, some foreign-market cars): warn, don't refuse.
  if (input.vin && !vinCheckDigitOk(input.vin)) {
    return [
      { code: 'VIN_CHECK_DIGIT', field: 'body.vin', message: 'VIN 第9位校验位不符，请核对是否录入有误' }
    ];
  }
  return [];
}

const duplicateVehicle = () =>
  conflict('DUPLICATE_VEHICLE', '本门店已有相同 VIN 或车牌的车辆', { field: 'body.vin' });

/**
 * A plate shared by two vehicles of one dealership is refused for the user's sake. It is a
 * read-before-write, so not race-proof; the atomic guard is the unique identityKey.
 */
async function assertPlateFree(dealershipId: Types.ObjectId, plate: string | null, except?: Types.ObjectId) {
  if (!plate) return;
  const other = await Vehicle.findOne({ dealershipId, plate }, { _id: 1 }).lean();
  if (other && (!except || !other._id.equals(except))) {
    throw conflict('DUPLICATE_PLATE', `车牌 ${plate} 已登记在本门店其他车辆上`, { field: 'body.plate' });
  }
}

function fieldChanges(input: VehicleInput, today: string): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const keys = [
    'brand',
    'series',
    'model',
    'deliveryDate',
    'usage',
    'mileageKm',
    'mileageDate',
    'insuranceRenewalDate',
    'inspectionDate'
  ] as const;
  for (const key of keys) if (input[key] !== undefined) set[key] = input[key];
  // A new odometer reading without a date was read today.
  if (input.mileageKm !== undefined && input.mileageKm !== null && input.mileageDate === undefined)
    set.mileageDate = today;
  // The due engine names where a reading came from (its rollback flags say "staff edit").
  if (set.mileageKm !== undefined || set.mileageDate !== undefined) set.mileageSource = 'staff_edit';
  return set;
}

async function answer(id: Types.ObjectId, dealershipId: Types.ObjectId, warnings: Warning[]) {
  const [vehicle, settings] = await Promise.all([Vehicle.findById(id).lean(), loadSettings(dealershipId)]);
  if (!vehicle) throw notFound('车辆', 'VEHICLE_NOT_FOUND');
  return { vehicle: presentVehicle(vehicle, settings, shanghaiDate(clock.now())), warnings };
}

export async function createVehicle(auth: StaffAuth, customerId: string, input: VehicleInput) {
  const customer = await loadCustomerFor(auth, customerId);
  const plate = input.plate ?? null;
  const vin = input.vin ?? null;
  if (!plate && !vin)
    throw badRequest('PLATE_OR_VIN_REQUIRED', '请至少填写车牌或 VIN', { field: 'body.plate' });
  await assertPlateFree(customer.dealershipId, plate);
  const now = clock.now();
  const _id = new Types.ObjectId();
  try {
    await insertVehicle({
      _id,
      dealershipId: customer.dealershipId,
      customerId: customer._id,
      plate,
      vin,
      identityKey: identityKeyOf(vin, plate),
      createdAt: now,
      updatedAt: now,
      ...fieldChanges(input, shanghaiDate(now))
    });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw duplicateVehicle();
    throw err;
  }
  await Customer.updateOne({ _id: customer._id }, { $set: { updatedAt: now } });
  return answer(_id, customer.dealershipId, warningsFor(input));
}

/** Edits a vehicle of an archive the staff member may see (else 404, like a missing id). */
export async function updateVehicle(auth: StaffAuth, vehicleId: string, input: VehicleInput) {
  const vehicle = await Vehicle.findById(vehicleId).lean();
  const visible = vehicle && (await Customer.exists({ ...customerScope(auth), _id: vehicle.customerId }));
  if (!vehicle || !visible) throw notFound('车辆', 'VEHICLE_NOT_FOUND');
  const plate = input.plate !== undefined ? input.plate : (vehicle.plate ?? null);
  const vin = input.vin !== undefined ? input.vin : (vehicle.vin ?? null);
  if (!plate && !vin)
    throw badRequest('PLATE_OR_VIN_REQUIRED', '车牌和 VIN 不能都为空', { field: 'body.plate' });
  if (input.plate !== undefined && plate !== vehicle.plate)
    await assertPlateFree(vehicle.dealershipId, plate, vehicle._id);
  const now = clock.now();
  const set = {
    ...fieldChanges(input, shanghaiDate(now)),
    plate,
    vin,
    identityKey: identityKeyOf(vin, plate),
    updatedAt: now
  };
  try {
    await setVehicleFields(vehicle._id, vehicle.dealershipId, set);
  } catch (err) {
    if (isDuplicateKeyError(err)) throw duplicateVehicle();
    throw err;
  }
  await Customer.updateOne({ _id: vehicle.customerId }, { $set: { updatedAt: now } });
  return answer(vehicle._id, vehicle.dealershipId, warningsFor(input));
}
