import { Types } from 'mongoose';
import { TIERS, type Tier } from '@dealer/shared';
import { BindingEvent } from '../bindings/binding.model';
import { Customer } from '../customers/customer.model';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle } from '../vehicles/vehicle.model';
import { Booking } from '../bookings/booking.model';
import { DUE_VEHICLE_PROJECTION, type DueInputVehicle } from '../due/due-inputs';
import { dayOfInstant, type Day } from './kpi-days';
import { KpiDataset } from './kpi-dataset';
import { streamTierHistory } from './kpi-tier-history';

/**
 * Loads one dealership into a KpiDataset: each collection is read ONCE, filtered only by
 * `dealershipId` (indexed; FerretDB pushes that equality down), with a narrow projection,
 * from a batched lean cursor. Dates, types and flags are tested in Node, where they cost
 * nothing next to decoding the documents.
 */

const BATCH = 2000;
const isTier = (v: unknown): v is Tier => typeof v === 'string' && (TIERS as readonly string[]).includes(v);

async function loadServiceRecords(dealershipId: Types.ObjectId, data: KpiDataset): Promise<void> {
  const cursor = ServiceRecord.find(
    { dealershipId },
    { _id: 0, customerId: 1, vehicleId: 1, serviceDate: 1, type: 1, paid: 1, mileageKm: 1 }
  )
    .lean()
    .cursor({ batchSize: BATCH });
  for await (const r of cursor) {
    data.addRecord({
      customerId: r.customerId.toHexString(),
      vehicleId: r.vehicleId.toHexString(),
      serviceDate: r.serviceDate,
      type: r.type,
      paid: r.paid === true,
      mileageKm: typeof r.mileageKm === 'number' ? r.mileageKm : null
    });
  }
}

async function loadCustomers(dealershipId: Types.ObjectId, data: KpiDataset): Promise<void> {
  const cursor = Customer.find(
    { dealershipId },
    { _id: 1, tier: 1, isProspect: 1, source: 1, boundAt: 1, ownerId: 1, createdAt: 1 }
  )
    .lean()
    .cursor({ batchSize: BATCH });
  for await (const c of cursor) {
    data.addCustomer({
      id: c._id.toHexString(),
      tier: isTier(c.tier) ? c.tier : null,
      prospect: c.isProspect === true || c.source === 'wechat_binding',
      createdDay: dayOfInstant(c.createdAt),
      boundAtMs: c.ownerId && c.boundAt ? c.boundAt.getTime() : null
    });
  }
}

async function loadVehicles(dealershipId: Types.ObjectId, data: KpiDataset): Promise<void> {
  const {
    _id,
    dealershipId: _d,
    customerId: _c,
    plate: _p,
    brand: _b,
    model: _m,
    ...fields
  } = DUE_VEHICLE_PROJECTION;
  const cursor = Vehicle.find({ dealershipId }, { _id, ...fields })
    .lean<(DueInputVehicle & { _id: Types.ObjectId })[]>()
    .cursor({ batchSize: BATCH });
  for await (const v of cursor) data.addVehicle(v._id.toHexString(), v);
}

/** Readings owners and staff gave when booking (the due engine's odometer). */
async function loadBookingReadings(dealershipId: Types.ObjectId, data: KpiDataset): Promise<void> {
  const cursor = Booking.find({ dealershipId }, { _id: 0, vehicleId: 1, bookedBy: 1, mileage: 1 })
    .lean()
    .cursor({ batchSize: BATCH });
  for await (const b of cursor) {
    const km = b.mileage?.km;
    const date = b.mileage?.date;
    if (typeof km === 'number' && typeof date === 'string')
      data.addBookingReading(b.vehicleId.toHexString(), { bookedBy: b.bookedBy, mileage: { km, date } });
  }
}

async function loadBindingEvents(dealershipId: Types.ObjectId, data: KpiDataset): Promise<void> {
  const cursor = BindingEvent.find({ dealershipId }, { _id: 0, type: 1, customerId: 1, at: 1 })
    .lean()
    .cursor({ batchSize: BATCH });
  for await (const e of cursor) {
    data.addBindingChange(e.customerId.toHexString(), { atMs: e.at.getTime(), bound: e.type === 'bind' });
  }
}

/** All six reads run side by side; the dataset is filled synchronously between awaits. */
export async function loadDataset(dealershipId: string, lowerBound: Day, through: Day): Promise<KpiDataset> {
  const id = new Types.ObjectId(dealershipId);
  const data = new KpiDataset(lowerBound, through);
  await Promise.all([
    loadServiceRecords(id, data),
    loadCustomers(id, data),
    loadVehicles(id, data),
    loadBookingReadings(id, data),
    loadBindingEvents(id, data),
    streamTierHistory(id, (customerId, change) => data.addTierChange(customerId, change))
  ]);
  return data.finish();
}
