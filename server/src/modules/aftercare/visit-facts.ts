import type { Types } from 'mongoose';
import type { Document } from 'mongodb';
import { Customer } from '../customers/customer.model';
import { Vehicle } from '../vehicles/vehicle.model';
import type { Visit } from './visits';

/** A visit with who it was for: the archive as it is now, and the vehicle. */
export interface VisitFacts extends Visit {
  customer: {
    name: string;
    mobile: string | null;
    tier: string | null;
    advisorId: Types.ObjectId | null;
    ownerId: Types.ObjectId | null;
  };
  plate: string | null;
  vehicleTitle: string;
}

interface CustomerFacts {
  _id: Types.ObjectId;
  name: string;
  mobile?: string | null;
  tier?: string | null;
  advisorId?: Types.ObjectId | null;
  ownerId?: Types.ObjectId | null;
}

interface VehicleFacts {
  _id: Types.ObjectId;
  plate?: string | null;
  brand?: string | null;
  series?: string | null;
  model?: string | null;
}

/** Each id once (ObjectIds compared by value). */
function distinct(ids: readonly Types.ObjectId[]): Types.ObjectId[] {
  return [...new Map(ids.map((id) => [String(id), id])).values()];
}

/**
 * One `_id $in` read of a collection with the bare driver, the whole answer in its first
 * batch (no getMore), projected to the fields used.
 */
function byIds<T extends Document>(
  model: typeof Customer | typeof Vehicle,
  ids: readonly Types.ObjectId[],
  fields: Record<string, 1>
): Promise<T[]> {
  return model.collection
    .find<T>({ _id: { $in: ids } }, { projection: fields, batchSize: Math.max(1, ids.length) })
    .toArray();
}

/** Adds the customer and vehicle facts to a batch of visits (two indexed reads, side by side). */
export async function withFacts(visits: readonly Visit[]): Promise<VisitFacts[]> {
  if (visits.length === 0) return [];
  const [customers, vehicles] = await Promise.all([
    byIds<CustomerFacts>(Customer, distinct(visits.map((v) => v.customerId)), {
      name: 1,
      mobile: 1,
      tier: 1,
      advisorId: 1,
      ownerId: 1
    }),
    byIds<VehicleFacts>(Vehicle, distinct(visits.map((v) => v.vehicleId)), {
      plate: 1,
      brand: 1,
      series: 1,
      model: 1
    })
  ]);
  const byCustomer = new Map(customers.map((c) => [String(c._id), c]));
  const byVehicle = new Map(vehicles.map((v) => [String(v._id), v]));
  return visits.flatMap((visit) => {
    const c = byCustomer.get(String(visit.customerId));
    if (!c) return [];
    const v = byVehicle.get(String(visit.vehicleId));
    return [
      {
        ...visit,
        customer: {
          name: c.name,
          mobile: c.mobile ?? null,
          tier: c.tier ?? null,
          advisorId: c.advisorId ?? null,
          ownerId: c.ownerId ?? null
        },
        plate: v?.plate ?? null,
        vehicleTitle: v ? [v.brand, v.series, v.model].filter(Boolean).join(' ') : ''
      }
    ];
  });
}

export const visitSnapshot = (v: VisitFacts) => ({
  key: v.key,
  date: v.date,
  serviceType: v.serviceType,
  roNumber: v.roNumber,
  amountFen: v.amountFen,
  advisorName: v.advisorName,
  items: v.items,
  plate: v.plate,
  vehicleTitle: v.vehicleTitle
});
