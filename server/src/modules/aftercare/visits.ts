import type { Types } from 'mongoose';
import { op } from '../../lib/query';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle } from '../vehicles/vehicle.model';

/**
 * Visits are what aftercare follows up: a service visit (a repair order, imported from the
 * DMS; a served booking points at its repair order, so it is the same visit) or a new car's
 * delivery. Keys: `ro:<repair order id>`, `delivery:<vehicle id>`.
 */
export interface Visit {
  key: string;
  kind: 'service' | 'delivery';
  dealershipId: Types.ObjectId;
  customerId: Types.ObjectId;
  vehicleId: Types.ObjectId;
  date: string;
  serviceType: string | null;
  roNumber: string | null;
  amountFen: number | null;
  advisorName: string | null;
  items: string[];
}

export const BATCH = 500;

/** The repair-order fields a visit and its snapshot need. */
const VISIT_FIELDS = {
  vehicleId: 1,
  customerId: 1,
  serviceDate: 1,
  type: 1,
  roNumber: 1,
  amountFen: 1,
  advisorName: 1,
  items: 1
} as const;

interface VisitRecord {
  _id: Types.ObjectId;
  vehicleId: Types.ObjectId;
  customerId: Types.ObjectId;
  serviceDate: string;
  type: string;
  roNumber: string;
  amountFen: number;
  advisorName?: string | null;
  items?: string[] | null;
}

const serviceVisit = (dealershipId: Types.ObjectId, r: VisitRecord): Visit => ({
  key: `ro:${String(r._id)}`,
  kind: 'service',
  dealershipId,
  customerId: r.customerId,
  vehicleId: r.vehicleId,
  date: r.serviceDate,
  serviceType: r.type,
  roNumber: r.roNumber,
  amountFen: r.amountFen,
  advisorName: r.advisorName ?? null,
  items: r.items ?? []
});

/** Service visits of one day (repair orders by date in), in batches. */
export async function* serviceVisitsOn(dealershipId: Types.ObjectId, day: string): AsyncGenerator<Visit[]> {
  // The bare driver: the job reads thousands of repair orders, and mongoose's per-document
  // work (casting the filter, wrapping the cursor) buys nothing for a projected read.
  const cursor = ServiceRecord.collection.find<VisitRecord>(
    { dealershipId, serviceDate: day },
    { projection: VISIT_FIELDS, batchSize: BATCH }
  );
  let batch: Visit[] = [];
  for await (const r of cursor) {
    batch.push(serviceVisit(dealershipId, r));
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** One customer's service visits at a dealership between two days (inclusive). */
export async function serviceVisitsOf(
  dealershipId: Types.ObjectId,
  customerId: Types.ObjectId,
  from: string,
  to: string
): Promise<Visit[]> {
  const rows = await ServiceRecord.find(
    { customerId, dealershipId, serviceDate: op.range(from, to) },
    VISIT_FIELDS
  ).lean<VisitRecord[]>();
  return rows.map((r) => serviceVisit(dealershipId, r));
}

/**
 * New cars delivered on one day, by the `{deliveryDate, dealershipId}` index (the day first:
 * FerretDB searches by the leading field, and the day is the selective one).
 */
export async function deliveriesOn(dealershipId: Types.ObjectId, day: string): Promise<Visit[]> {
  const rows = await Vehicle.find(
    { deliveryDate: day, dealershipId },
    { customerId: 1, deliveryDate: 1 }
  ).lean();
  return rows.map((v) => ({
    key: `delivery:${String(v._id)}`,
    kind: 'delivery',
    dealershipId,
    customerId: v.customerId,
    vehicleId: v._id,
    date: day,
    serviceType: null,
    roNumber: null,
    amountFen: null,
    advisorName: null,
    items: []
  }));
}
