import type { Tier } from '@dealer/shared';
import type { DueInputVehicle } from '../due/due-inputs';
import { addMonthsDay, dayOf, sortUnique, type Day } from './kpi-days';

/**
 * Everything the KPIs need from one dealership, gathered in ONE pass over its service
 * records (plus its customers, vehicles, binding events and tier history), held as small
 * integer arrays in Maps keyed by id strings. No I/O here: kpi-load.ts feeds it.
 */

export interface KpiRecord {
  customerId: string;
  vehicleId: string;
  serviceDate: string;
  type: string;
  paid: boolean;
  mileageKm: number | null;
}

/** A repair order as the due engine reads it (its maintenance clock and odometer). */
export interface DueRecord {
  serviceDate: string;
  type: string;
  mileageKm: number | null;
}
export interface DueBooking {
  bookedBy: string;
  mileage: { km: number; date: string };
}

export interface KpiCustomer {
  id: string;
  /** Tier stored on the archive now (the tiers module's latest run). */
  tier: Tier | null;
  /** A prospect archive: created by a WeChat binding (isProspect, or source wechat_binding). */
  prospect: boolean;
  createdDay: Day;
  /** Current binding state, used only for archives with no binding events at all. */
  boundAtMs: number | null;
}

export interface BindingChange {
  atMs: number;
  bound: boolean;
}

export interface TierChange {
  day: Day;
  fromTier: Tier | null;
  toTier: Tier;
}

interface CustomerTrack {
  /** Distinct days with a paid record (≥ the dataset's lower bound). */
  paid: Day[];
  /** Distinct days with any record, paid or not. */
  visits: Day[];
  /** A paid record before the lower bound exists (so "last paid visit" is older than any window). */
  paidBefore: boolean;
}

interface VehicleTrack {
  /** Days with a 首保 / 定保 record, paid or not: the maintenance clock's anchors. */
  maintenance: Day[];
  paid: Day[];
}

export const MAINTENANCE_TYPES: ReadonlySet<string> = new Set(['first_maintenance', 'regular_maintenance']);

export class KpiDataset {
  readonly customers: KpiCustomer[] = [];
  readonly tracks = new Map<string, CustomerTrack>();
  readonly vehicleTracks = new Map<string, VehicleTrack>();
  /** vehicleId → delivery day (vehicles of the dealership with a known delivery date). */
  readonly deliveries = new Map<string, Day>();
  readonly bindings = new Map<string, BindingChange[]>();
  readonly tierHistory = new Map<string, TierChange[]>();
  /**
   * What the due engine reads per vehicle for the return rate (docs/metrics.md §2): the
   * vehicle's own fields, its 首保/定保 orders and orders with an odometer (all of them up to
   * `through`, older than the lower bound too: a reading before an anchor tells its odometer),
   * and its bookings' readings.
   */
  readonly dueVehicles = new Map<string, DueInputVehicle>();
  readonly dueRecords = new Map<string, DueRecord[]>();
  readonly dueBookings = new Map<string, DueBooking[]>();
  records = 0;

  /**
   * @param lowerBound records before this day only mark `paidBefore`;
   * @param through records after this day (beyond the last "as of" day) are ignored.
   */
  constructor(
    readonly lowerBound: Day,
    readonly through: Day
  ) {}

  addRecord(r: KpiRecord): void {
    const day = dayOf(r.serviceDate);
    if (day > this.through) return;
    this.records += 1;
    if (r.mileageKm !== null || MAINTENANCE_TYPES.has(r.type))
      pushTo(this.dueRecords, r.vehicleId, {
        serviceDate: r.serviceDate,
        type: r.type,
        mileageKm: r.mileageKm
      });
    let track = this.tracks.get(r.customerId);
    if (!track) {
      track = { paid: [], visits: [], paidBefore: false };
      this.tracks.set(r.customerId, track);
    }
    if (day < this.lowerBound) {
      if (r.paid) track.paidBefore = true;
      return;
    }
    track.visits.push(day);
    if (r.paid) track.paid.push(day);
    const isMaintenance = MAINTENANCE_TYPES.has(r.type);
    if (!isMaintenance && !r.paid) return;
    let vehicle = this.vehicleTracks.get(r.vehicleId);
    if (!vehicle) {
      vehicle = { maintenance: [], paid: [] };
      this.vehicleTracks.set(r.vehicleId, vehicle);
    }
    if (isMaintenance) vehicle.maintenance.push(day);
    if (r.paid) vehicle.paid.push(day);
  }

  addCustomer(c: KpiCustomer): void {
    this.customers.push(c);
  }

  addVehicle(vehicleId: string, vehicle: DueInputVehicle): void {
    this.dueVehicles.set(vehicleId, vehicle);
    if (vehicle.deliveryDate) this.deliveries.set(vehicleId, dayOf(vehicle.deliveryDate));
  }

  addBookingReading(vehicleId: string, booking: DueBooking): void {
    if (dayOf(booking.mileage.date) <= this.through) pushTo(this.dueBookings, vehicleId, booking);
  }

  addBindingChange(customerId: string, change: BindingChange): void {
    const list = this.bindings.get(customerId);
    if (list) list.push(change);
    else this.bindings.set(customerId, [change]);
  }

  addTierChange(customerId: string, change: TierChange): void {
    const list = this.tierHistory.get(customerId);
    if (list) list.push(change);
    else this.tierHistory.set(customerId, [change]);
  }

  /** Sorts and de-duplicates every array once, after the pass. */
  finish(): this {
    for (const t of this.tracks.values()) {
      sortUnique(t.paid);
      sortUnique(t.visits);
    }
    for (const v of this.vehicleTracks.values()) {
      sortUnique(v.maintenance);
      sortUnique(v.paid);
    }
    // Stable sorts: same-instant events / same-day entries keep the order they were read in.
    for (const list of this.bindings.values()) list.sort((a, b) => a.atMs - b.atMs);
    for (const list of this.tierHistory.values()) list.sort((a, b) => a.day - b.day);
    return this;
  }

  /** Whether any tier history was found: movement is only known from history. */
  get hasTierHistory(): boolean {
    return this.tierHistory.size > 0;
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The oldest day any KPI of periods starting at `firstFrom` can look at, with a month of slack for month-end clamping. */
export function datasetLowerBound(firstFrom: Day, monthsBack: number): Day {
  return addMonthsDay(firstFrom, -monthsBack) - 31;
}
