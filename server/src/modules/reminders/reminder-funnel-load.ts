import { Types } from 'mongoose';
import { shanghaiDate } from '../../lib/clock';
import { op } from '../../lib/query';
import { Booking } from '../bookings/booking.model';
import { DueEvent } from '../due/due-event.model';
import { Staff } from '../staff/staff.model';
import { ServiceRecord } from '../vehicles/service-record.model';
import { ReminderSend } from './reminder.model';

/**
 * What the funnel reads (docs/reminders.md "Funnel and uplift"), each collection once through
 * its model with a narrow projection: the period's maintenance due events, their reminders,
 * and their vehicles' bookings and maintenance records. No joins: ids are collected and
 * looked up with `$in` in batches (FerretDB has no $lookup).
 */

/** Maintenance due events are the ones a workshop visit answers. */
export const MAINTENANCE_TYPES = ['first_maintenance', 'regular_maintenance'] as const;
/** A reminder counts once it reached the owner: a subscribe message or an in-app notice. */
const DELIVERED_OUTCOMES = ['sent', 'inbox'] as const;
const BATCH = 500;

export interface FunnelEvent {
  id: string;
  vehicleId: string;
  advisorId: string | null;
  /** Maintenance: the anchor day the clock runs from. */
  occurrence: string;
  dueDate: string;
  remindFrom: string;
  controlGroup: boolean;
}

export interface VehicleBooking {
  /** Shanghai calendar day the booking was made. */
  createdOn: string;
  status: string;
}

export interface VehicleVisit {
  serviceDate: string;
  paid: boolean;
}

export interface FunnelData {
  events: FunnelEvent[];
  /** Ids of the events whose reminder reached the owner. */
  reminded: Set<string>;
  bookings: Map<string, VehicleBooking[]>;
  /** 首保/定保 records, paid or not, oldest first. */
  maintenanceVisits: Map<string, VehicleVisit[]>;
}

export interface FunnelSelection {
  dealershipId: string;
  from: string;
  to: string;
  advisorId: string | null;
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

async function loadEvents(s: FunnelSelection): Promise<FunnelEvent[]> {
  const rows = await DueEvent.find(
    {
      dealershipId: new Types.ObjectId(s.dealershipId),
      // Current and superseded alike: a vehicle serviced after its reminder supersedes the event.
      current: op.in([true, false]),
      // remindFrom ≤ dueDate ≤ to: bounds the index range (dealershipId, current, remindFrom).
      remindFrom: op.lte(s.to),
      dueDate: op.range(s.from, s.to),
      type: op.in(MAINTENANCE_TYPES),
      ...(s.advisorId ? { advisorId: new Types.ObjectId(s.advisorId) } : {})
    },
    { vehicleId: 1, advisorId: 1, occurrence: 1, dueDate: 1, remindFrom: 1, controlGroup: 1 }
  ).lean();
  return rows.map((e) => ({
    id: e._id,
    vehicleId: String(e.vehicleId),
    advisorId: e.advisorId ? String(e.advisorId) : null,
    occurrence: e.occurrence,
    dueDate: e.dueDate,
    remindFrom: e.remindFrom,
    controlGroup: e.controlGroup
  }));
}

async function loadReminded(events: readonly FunnelEvent[]): Promise<Set<string>> {
  const reminded = new Set<string>();
  const ids = events.filter((e) => !e.controlGroup).map((e) => e.id);
  for (const batch of batches(ids)) {
    const sends = await ReminderSend.find(
      { _id: op.in(batch), outcome: op.in(DELIVERED_OUTCOMES) },
      { _id: 1 }
    ).lean();
    for (const send of sends) reminded.add(String(send._id));
  }
  return reminded;
}

async function loadBookings(dealershipId: string, vehicleIds: readonly Types.ObjectId[]) {
  const bookings = new Map<string, VehicleBooking[]>();
  for (const batch of batches(vehicleIds)) {
    const rows = await Booking.find(
      { vehicleId: op.in(batch), dealershipId: new Types.ObjectId(dealershipId) },
      { vehicleId: 1, createdAt: 1, status: 1 }
    ).lean();
    for (const b of rows)
      push(bookings, String(b.vehicleId), { createdOn: shanghaiDate(b.createdAt), status: b.status });
  }
  return bookings;
}

async function loadMaintenanceVisits(dealershipId: string, vehicleIds: readonly Types.ObjectId[]) {
  const visits = new Map<string, VehicleVisit[]>();
  for (const batch of batches(vehicleIds)) {
    const rows = await ServiceRecord.find(
      {
        vehicleId: op.in(batch),
        dealershipId: new Types.ObjectId(dealershipId),
        type: op.in(MAINTENANCE_TYPES)
      },
      { vehicleId: 1, serviceDate: 1, paid: 1 }
    ).lean();
    for (const r of rows) push(visits, String(r.vehicleId), { serviceDate: r.serviceDate, paid: r.paid });
  }
  for (const list of visits.values()) list.sort((a, b) => (a.serviceDate < b.serviceDate ? -1 : 1));
  return visits;
}

export async function loadFunnelData(s: FunnelSelection): Promise<FunnelData> {
  const events = await loadEvents(s);
  const vehicleIds = [...new Set(events.map((e) => e.vehicleId))].map((id) => new Types.ObjectId(id));
  const [reminded, bookings, maintenanceVisits] = await Promise.all([
    loadReminded(events),
    loadBookings(s.dealershipId, vehicleIds),
    loadMaintenanceVisits(s.dealershipId, vehicleIds)
  ]);
  return { events, reminded, bookings, maintenanceVisits };
}

/** Display names of the dealership's staff (advisors of the rows). */
export async function staffNames(dealershipId: string): Promise<Map<string, string>> {
  const rows = await Staff.find({ dealershipId: new Types.ObjectId(dealershipId) }, { name: 1 }).lean();
  return new Map(rows.map((r) => [String(r._id), r.name]));
}

/** Whether the staff member exists in this dealership. */
export async function isStaffOf(dealershipId: string, staffId: string): Promise<boolean> {
  return (
    (await Staff.exists({
      _id: new Types.ObjectId(staffId),
      dealershipId: new Types.ObjectId(dealershipId)
    })) !== null
  );
}
