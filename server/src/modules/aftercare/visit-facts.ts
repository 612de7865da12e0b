import type { Types } from 'mongoose';
import type { Document } from 'mongodb';
import { Customer } from '../customers/customer.model';
import { Vehicle } from '../vehicles/vehicle.model';
import type { Visit } from './visits';

/** A visit with who it was for: the archive as it is now. */
export interface VisitFacts extends Visit {
  customer: {
    name: string;
    tier: string | null;
    advisorId: Types.ObjectId | null;
    ownerId: Types.ObjectId | null;
  };
}

interface CustomerFacts {
  _id: Types.ObjectId;
  name: string;
  tier?: string | null;
  advisorId?: Types.ObjectId | null;
  ownerId?: Types.ObjectId | null;
}

export interface VehicleFacts {
  _id: Types.ObjectId;
  plate?: string | null;
  brand?: string | null;
  series?: string | null;
  model?: string | null;
}

/**
 * Each id once (ObjectIds compared by value), in ascending order: the database then looks
 * them up in its index's order, which costs it noticeably less than a random order.
 */
function distinct(ids: readonly Types.ObjectId[]): Types.ObjectId[] {
  const byHex = new Map(ids.map((id) => [String(id), id]));
  return [...byHex.keys()].sort().map((hex) => byHex.get(hex) as Types.ObjectId);
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

/** The vehicle's name as the pages show it: brand, series, model. */
export const vehicleTitleOf = (v: VehicleFacts): string =>
  [v.brand, v.series, v.model].filter(Boolean).join(' ');

export const VEHICLE_FACT_FIELDS = { plate: 1, brand: 1, series: 1, model: 1 } as const;

/** The plate and name of some vehicles by id (one indexed read). */
export async function vehicleFactsOf(ids: readonly Types.ObjectId[]): Promise<Map<string, VehicleFacts>> {
  const rows = ids.length ? await byIds<VehicleFacts>(Vehicle, distinct(ids), VEHICLE_FACT_FIELDS) : [];
  return new Map(rows.map((v) => [String(v._id), v]));
}

/** Adds the customer facts to a batch of visits (one indexed read); visits of a removed archive are dropped. */
export async function withFacts(visits: readonly Visit[]): Promise<VisitFacts[]> {
  if (visits.length === 0) return [];
  const customers = await byIds<CustomerFacts>(Customer, distinct(visits.map((v) => v.customerId)), {
    name: 1,
    tier: 1,
    advisorId: 1,
    ownerId: 1
  });
  const byCustomer = new Map(customers.map((c) => [String(c._id), c]));
  return visits.flatMap((visit) => {
    const c = byCustomer.get(String(visit.customerId));
    if (!c) return [];
    const customer = {
      name: c.name,
      tier: c.tier ?? null,
      advisorId: c.advisorId ?? null,
      ownerId: c.ownerId ?? null
    };
    return [{ ...visit, customer }];
  });
}

/**
 * What a callback copies of its visit: which visit and its day. The desk reads the repair
 * order and the car live with its page (callback-live.ts).
 */
export const callbackSnapshot = (v: Visit) => ({ key: v.key, date: v.date });

/**
 * What a survey copies of its visit: the repair order's details (kept with the answer as
 * it was). The car is read live with the page, like a callback's.
 */
export const surveySnapshot = (v: Visit) => ({
  key: v.key,
  date: v.date,
  serviceType: v.serviceType,
  roNumber: v.roNumber,
  amountFen: v.amountFen,
  advisorName: v.advisorName,
  items: v.items
});
