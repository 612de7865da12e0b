import { Types } from 'mongoose';
import type { Tier, VehicleUsage } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { loadSettings } from '../dealerships/dealership.service';
import { Customer } from '../customers/customer.model';
import { writeDerivedFields, type DerivedFieldsUpdate } from '../customers/customer-derived-fields';
import { ServiceRecord } from '../vehicles/service-record.model';
import { Vehicle } from '../vehicles/vehicle.model';
import {
  MAINTENANCE_TYPES,
  ageGroupOf,
  isMoreMain,
  lifecycleOf,
  monthsBefore,
  serviceStageOf,
  vehicleAgeOf,
  type LifecycleRules,
  type MainVehicle,
  type VehicleVisits
} from './classes-rules';

/**
 * classifyCustomers(dealershipId, asOf): lifecycle, vehicle age, usage, service stage, age
 * group and last paid service date of every customer of a dealership, written only where
 * something changed (`classifiedAt` marks the last change). Streams vehicles, then service
 * records, then customers; memory is a small summary per vehicle and per customer.
 * Idempotent, so two instances running it at once only repeat work; the nightly job runs it
 * under the tier run's claim, right after the tiers ("loyal" needs the tier).
 */

const BATCH = 5000;

interface CustomerVisits {
  hasRecords: boolean;
  lastPaid: string | null;
  /** Distinct paid days in the active window (loyal). */
  activePaidDays: Set<string>;
}

interface CustomerRow {
  _id: Types.ObjectId;
  isProspect?: boolean;
  birthday?: { date?: string | null } | null;
  tier?: Tier | null;
  lifecycle?: string | null;
  vehicleAge?: string | null;
  usage?: string | null;
  serviceStage?: string | null;
  ageGroup?: string | null;
  lastPaidServiceDate?: string | null;
}

const CLASS_FIELDS = [
  'lifecycle',
  'vehicleAge',
  'usage',
  'serviceStage',
  'ageGroup',
  'lastPaidServiceDate'
] as const;

async function mainVehicles(dealershipId: Types.ObjectId, asOf: string) {
  const main = new Map<string, MainVehicle>();
  const latestDelivery = new Map<string, string>();
  const cursor = Vehicle.collection.find<{
    _id: Types.ObjectId;
    customerId: Types.ObjectId;
    deliveryDate?: string | null;
    mileageKm?: number | null;
    usage?: VehicleUsage | null;
  }>(
    { dealershipId },
    { projection: { customerId: 1, deliveryDate: 1, mileageKm: 1, usage: 1 }, batchSize: BATCH }
  );
  for await (const v of cursor) {
    const customer = v.customerId.toHexString();
    const vehicle: MainVehicle = {
      id: v._id.toHexString(),
      deliveryDate: v.deliveryDate ?? null,
      mileageKm: v.mileageKm ?? null,
      usage: v.usage ?? null
    };
    if (isMoreMain(vehicle, main.get(customer) ?? null)) main.set(customer, vehicle);
    const d = vehicle.deliveryDate;
    if (d !== null && d <= asOf && d > (latestDelivery.get(customer) ?? '')) latestDelivery.set(customer, d);
  }
  return { main, latestDelivery };
}

async function visits(dealershipId: Types.ObjectId, asOf: string, activeAfter: string) {
  const byVehicle = new Map<string, VehicleVisits>();
  const byCustomer = new Map<string, CustomerVisits>();
  const cursor = ServiceRecord.collection.find<{
    customerId: Types.ObjectId;
    vehicleId: Types.ObjectId;
    serviceDate: string;
    paid: boolean;
    type: string;
  }>(
    { dealershipId },
    { projection: { customerId: 1, vehicleId: 1, serviceDate: 1, paid: 1, type: 1 }, batchSize: BATCH }
  );
  for await (const r of cursor) {
    if (r.serviceDate > asOf) continue;
    const vehicleKey = r.vehicleId.toHexString();
    const v = byVehicle.get(vehicleKey) ?? { hasMaintenance: false, hasOther: false };
    if (MAINTENANCE_TYPES.has(r.type)) v.hasMaintenance = true;
    else v.hasOther = true;
    byVehicle.set(vehicleKey, v);
    const customerKey = r.customerId.toHexString();
    let c = byCustomer.get(customerKey);
    if (c === undefined) {
      c = { hasRecords: true, lastPaid: null, activePaidDays: new Set() };
      byCustomer.set(customerKey, c);
    }
    if (!r.paid) continue;
    if (c.lastPaid === null || r.serviceDate > c.lastPaid) c.lastPaid = r.serviceDate;
    if (r.serviceDate > activeAfter) c.activePaidDays.add(r.serviceDate);
  }
  return { byVehicle, byCustomer };
}

export async function classifyCustomers(
  dealershipId: string | Types.ObjectId,
  asOf: string
): Promise<number> {
  const id = new Types.ObjectId(String(dealershipId));
  const settings = await loadSettings(id);
  const rules: LifecycleRules = {
    ...settings.classes,
    atRiskMonths: settings.kpis.atRiskMonths,
    lostMonths: settings.kpis.lostMonths,
    activeMonths: settings.kpis.activeMonths
  };
  const vehicles = await mainVehicles(id, asOf);
  const seen = await visits(id, asOf, monthsBefore(asOf, rules.activeMonths));

  const updates: DerivedFieldsUpdate[] = [];
  const now = clock.now();
  const cursor = Customer.collection.find<CustomerRow>(
    { dealershipId: id },
    {
      projection: {
        isProspect: 1,
        birthday: 1,
        tier: 1,
        ...Object.fromEntries(CLASS_FIELDS.map((f) => [f, 1]))
      },
      batchSize: BATCH
    }
  );
  for await (const c of cursor) {
    const key = c._id.toHexString();
    const main = vehicles.main.get(key) ?? null;
    const v = seen.byCustomer.get(key);
    const next = {
      lifecycle: lifecycleOf(
        {
          isProspect: c.isProspect ?? false,
          hasRecords: v?.hasRecords ?? false,
          lastPaidVisit: v?.lastPaid ?? null,
          latestDelivery: vehicles.latestDelivery.get(key) ?? null,
          paidVisitsInActiveWindow: v?.activePaidDays.size ?? 0,
          tier: c.tier ?? null
        },
        asOf,
        rules
      ),
      vehicleAge: vehicleAgeOf(main, asOf, settings),
      usage: main?.usage ?? null,
      serviceStage: serviceStageOf(main, main ? seen.byVehicle.get(main.id) : undefined, asOf, rules),
      ageGroup: ageGroupOf(c.birthday?.date),
      lastPaidServiceDate: v?.lastPaid ?? null
    };
    if (CLASS_FIELDS.every((f) => (c[f] ?? null) === next[f])) continue;
    updates.push({ customerId: c._id, set: { ...next, classifiedAt: now } });
  }
  return writeDerivedFields(updates);
}
