import type { Types } from 'mongoose';
import { op } from '../../lib/query';
import { Customer } from '../customers/customer.model';
import { ServiceRecord } from '../vehicles/service-record.model';
import type { CallbackDoc } from './callback.model';
import { vehicleFactsOf, type VehicleFacts } from './visit-facts';

/** The repair-order details the desk shows with a service visit's callback. */
export interface RepairOrderFacts {
  roNumber: string;
  type: string;
  amountFen: number;
  advisorName?: string | null;
  items?: string[] | null;
}

/** The customer as the desk shows them with a callback. */
export interface CustomerFacts {
  name: string;
  mobile?: string | null;
  tier?: string | null;
  ownerId?: Types.ObjectId | null;
}

/** What the desk shows of a callback as it is now, not as it was when the callback was made. */
export interface LiveFacts {
  /** The archive (a callback does not copy it; older ones did, kept as a fallback); absent once removed. */
  customer: CustomerFacts | undefined;
  /** The car (a callback does not copy it; older ones did, kept as a fallback). */
  vehicle: VehicleFacts | undefined;
  /** The repair order of a service visit (copied only by older callbacks, kept as a fallback). */
  repairOrder: RepairOrderFacts | undefined;
}

const REPAIR_ORDER_KEY = /^ro:([0-9a-f]{24})$/;

/**
 * The live facts of a page of callbacks: three reads by `_id $in` (customers with their
 * binding status, cars, repair orders), each the size of the page. The daily job copies none of these, so making
 * thousands of callbacks stays cheap and the desk shows the archive as it is now.
 */
export async function liveFactsOf(rows: readonly CallbackDoc[]): Promise<(row: CallbackDoc) => LiveFacts> {
  const repairOrderIds = rows.flatMap((r) => REPAIR_ORDER_KEY.exec(r.visit.key)?.[1] ?? []);
  const [customers, vehicles, repairOrders] = await Promise.all([
    rows.length
      ? Customer.find(
          { _id: op.in(rows.map((r) => r.customerId)) },
          { name: 1, mobile: 1, tier: 1, ownerId: 1 }
        ).lean<Array<CustomerFacts & { _id: Types.ObjectId }>>()
      : [],
    vehicleFactsOf(rows.flatMap((r) => (r.vehicleId ? [r.vehicleId] : []))),
    repairOrderIds.length
      ? ServiceRecord.find(
          { _id: op.in(repairOrderIds) },
          { roNumber: 1, type: 1, amountFen: 1, advisorName: 1, items: 1 }
        ).lean<Array<RepairOrderFacts & { _id: Types.ObjectId }>>()
      : []
  ]);
  const byCustomer = new Map(customers.map((c) => [String(c._id), c]));
  const byRepairOrder = new Map(repairOrders.map((o) => [`ro:${String(o._id)}`, o]));
  return (row) => ({
    customer: byCustomer.get(String(row.customerId)),
    vehicle: row.vehicleId ? vehicles.get(String(row.vehicleId)) : undefined,
    repairOrder: byRepairOrder.get(row.visit.key)
  });
}
